"""The command line: parse options, call one library function, map errors to exits.

Only typer and light modules are imported here; each command imports what it
needs when it runs, so `kehoach --help` starts fast (no pydantic, ruamel.yaml,
jinja2 or rapidfuzz).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from kehoach import __version__
from kehoach.errors import EXIT_USAGE, KehoachError, UsageError
from kehoach.escape import log_safe

app = typer.Typer(
    name="kehoach",
    help=(
        "Tra cứu và kiểm tra Kế hoạch hợp tác Hà Nội – TP. Hồ Chí Minh "
        "(2024–2025 và những năm tiếp theo), lưu dưới dạng dữ liệu YAML trong git."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _values(*choices: str) -> Any:
    """Shell completion (Tab) of an option's fixed values."""

    def complete(incomplete: str) -> list[str]:
        return [choice for choice in choices if choice.startswith(incomplete)]

    return complete


def _format_option(help_text: str, *choices: str) -> Any:
    """--format / -f: the same option in every command, with its own choices (Tab completes them)."""
    return typer.Option(
        "--format", "-f", metavar="ĐỊNH_DẠNG", help=help_text, autocompletion=_values(*choices)
    )


_CHECK_NAMES = ("schema", "references", "unique-ids", "unique-names", "lineage", "reports", "text")


class State:
    data: Path | None = None
    rev: str | None = None
    args: list[str] = []  # the command line as typed (record groups its options by order)  # noqa: RUF012


STATE = State()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kehoach {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar="KEHOACH_DATA",
            help="Thư mục chứa plan/ (mặc định: thư mục hiện tại hoặc thư mục cha gần nhất có plan/).",
            metavar="THƯ_MỤC",
            file_okay=False,
        ),
    ] = None,
    rev: Annotated[
        str | None,
        typer.Option(
            "--rev",
            metavar="REV",
            help="Đọc dữ liệu như ở phiên bản git này (tag, nhánh, commit, HEAD~2), "
            "không đụng tới thư mục làm việc.",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="In phiên bản rồi thoát.")
    ] = False,
) -> None:
    """Tùy chọn chung cho mọi lệnh."""
    STATE.data = data
    STATE.rev = rev


def data_dir() -> Path:
    from kehoach.files.datadir import find_data_dir

    return Path(find_data_dir(STATE.data))


@app.command()
def validate(
    check: Annotated[
        list[str] | None,
        typer.Option(
            "--check",
            autocompletion=_values(*_CHECK_NAMES),
            help="Chỉ chạy kiểm tra này (lặp lại được): schema, references, unique-ids, "
            "unique-names, lineage, reports, text. Cú pháp và lược đồ luôn được kiểm tra.",
            metavar="TÊN",
        ),
    ] = None,
    fmt: Annotated[
        str,
        _format_option(
            "auto | text | json | github (auto: github khi chạy trong GitHub Actions).",
            "auto",
            "text",
            "json",
            "github",
        ),
    ] = "auto",
    strict: Annotated[bool, typer.Option("--strict", help="Coi cảnh báo là lỗi (mã thoát 1).")] = False,
) -> None:
    """Kiểm tra toàn bộ dữ liệu kế hoạch và báo mọi vấn đề tìm thấy.

    Mã thoát: 0 hợp lệ (cho phép cảnh báo, trừ khi --strict), 1 có vấn đề, 2 sai cách dùng.
    """
    from kehoach.problems import CHECKS
    from kehoach.show.problems import FORMATS, render

    _choice("--format", fmt, FORMATS)
    for name in check or ():
        _choice("--check", name, CHECKS)
    from kehoach.check.validate import validate as run

    root = data_dir()
    result = run(root, set(check) if check else None, sources=_sources(root))
    valid = result.valid(strict=strict)
    typer.echo(render(result.problems, fmt, valid=valid))
    raise typer.Exit(0 if valid else 1)


@app.command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Thư mục ghi lược đồ (mặc định: schema/ cạnh plan/).", file_okay=False
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--verify", help="Không ghi; thoát 1 nếu lược đồ đã lưu khác với mô hình hiện tại."),
    ] = False,
) -> None:
    """Ghi JSON Schema của từng tệp dữ liệu (để VS Code gợi ý và kiểm tra khi gõ)."""
    from kehoach.model.json_schema import write_schemas

    folder = output or data_dir() / "schema"
    stale = write_schemas(folder, check=check)
    for name in stale:
        typer.echo(f"{'Cần cập nhật' if check else 'Đã ghi'}: {folder / name}")
    if check and stale:
        typer.echo("Chạy `kehoach schema` để cập nhật lược đồ.", err=True)
        raise typer.Exit(1)


# --- who does what ------------------------------------------------------------------

FormatOption = Annotated[
    str | None,
    _format_option(
        "text | json | csv | csv-semicolon | md | xlsx (mặc định: theo đuôi của -o, hoặc text; "
        "table là tên cũ của text).",
        "text",
        "json",
        "csv",
        "csv-semicolon",
        "md",
        "xlsx",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="TỆP",
        help="Ghi ra tệp (bắt buộc với xlsx) thay vì in ra màn hình; ghi nguyên tử.",
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="NGÀY",
        help="Trả lời theo ngày này (DD/MM/YYYY hoặc YYYY-MM-DD; mặc định: hôm nay): "
        "cơ quan nào còn tồn tại và ai kế thừa nhiệm vụ của ai.",
    ),
]


def _complete_agency(incomplete: str) -> list[str]:
    """Agency ids and names for shell completion (typer's --install-completion).

    Shells keep only candidates that start with what was typed, so an id is
    offered whenever its words start like the typed words ("so van" and
    "so-van" both complete to so-van-hoa-va-the-thao), and a name or alias when
    it starts with exactly what was typed.
    """
    from kehoach.check.cache import load_plan
    from kehoach.text import search_key

    try:
        plan = load_plan(data_dir())
    except KehoachError:
        return []
    key = search_key(incomplete)
    found = []
    for agency in plan.agencies.values():
        found += [name for name in (agency.id, *agency.names) if name.startswith(incomplete)]
        if key and search_key(agency.id).startswith(key) and agency.id not in found:
            found.append(agency.id)
    return found


def _agency_option(help_text: str) -> Any:
    """--agency / -a: the same option in every command, each saying what the agency selects there."""
    return typer.Option("--agency", "-a", metavar="CƠ_QUAN", help=help_text, autocompletion=_complete_agency)


StatusAgencyOption = Annotated[
    str | None,
    _agency_option(
        "Chỉ cơ quan này, hoặc mọi thành viên của nhóm này (tên, viết tắt, không dấu hay mã đều được)."
    ),
]
HistoryAgencyOption = Annotated[
    str | None,
    _agency_option("Lịch sử phân công của cơ quan này (tên, viết tắt, không dấu hay mã đều được)."),
]
CountedAsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="NGÀY",
        help="Chỉ tính các báo cáo đã nhận đến ngày này (DD/MM/YYYY hoặc YYYY-MM-DD; mặc định: hôm nay).",
    ),
]

AgencyOption = Annotated[
    str | None,
    _agency_option("Chỉ các nhiệm vụ cơ quan này có vai trò (tên, tên viết tắt, không dấu hay mã đều được)."),
]


def _exit(code: int) -> None:
    if code:
        raise typer.Exit(code)


def _sources(root: Path) -> dict[str, bytes | None] | None:
    """The data at --rev (from git objects), or None for the files on disk."""
    from kehoach.cli.commands import sources_for

    return sources_for(root, STATE.rev)


def _plan() -> Any:
    from kehoach.check.cache import load_plan

    root = data_dir()
    return load_plan(root, _sources(root))


@app.command()
def tasks(
    agency: AgencyOption = None,
    role: Annotated[
        str | None,
        typer.Option("--role", metavar="VAI_TRÒ", help="lead (chủ trì) hoặc coordinator (phối hợp)."),
    ] = None,
    sector: Annotated[str | None, typer.Option("--sector", metavar="LĨNH_VỰC", help="Lĩnh vực I…VI.")] = None,
    direct: Annotated[
        bool,
        typer.Option("--direct", help="Bỏ các vai trò chỉ có qua nhóm cơ quan (vai trò kế thừa vẫn giữ)."),
    ] = False,
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Liệt kê các nhiệm vụ; với --agency: mọi việc Kế hoạch giao cho cơ quan đó."""
    from kehoach.cli.commands import run_tasks

    _exit(
        run_tasks(
            STATE.data,
            rev=STATE.rev,
            agency=agency,
            role=role,
            sector=sector,
            direct=direct,
            as_of=as_of,
            fmt=fmt,
            output=output,
        )
    )


@app.command()
def task(
    number: Annotated[int, typer.Argument(metavar="SỐ", help="Số thứ tự nhiệm vụ (1–18).")],
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Một nhiệm vụ đầy đủ: nội dung, lĩnh vực, mọi cơ quan với vai trò, phạm vi và ai thực hiện hiện nay."""
    from kehoach.cli.commands import run_task

    _exit(run_task(STATE.data, rev=STATE.rev, number=number, as_of=as_of, fmt=fmt, output=output))


@app.command()
def agencies(
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", metavar="LOẠI", help="department, office, center, district, commune, group, …"
        ),
    ] = None,
    city: Annotated[str | None, typer.Option("--city", metavar="THÀNH_PHỐ", help="hanoi hoặc hcmc.")] = None,
    every: Annotated[
        bool, typer.Option("--all", help="Cả các cơ quan không còn (hoặc chưa) tồn tại vào ngày đã chọn.")
    ] = False,
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Danh mục cơ quan, xếp theo thứ tự chữ cái tiếng Việt."""
    from kehoach.cli.commands import run_agencies

    _exit(
        run_agencies(
            STATE.data, rev=STATE.rev, kind=kind, city=city, every=every, as_of=as_of, fmt=fmt, output=output
        )
    )


@app.command()
def agency(
    name: Annotated[
        str,
        typer.Argument(
            metavar="CƠ_QUAN",
            help="Tên, tên viết tắt, tên không dấu hoặc mã.",
            autocompletion=_complete_agency,
        ),
    ],
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Một cơ quan: tên gọi, nhóm, tiền thân và kế thừa, cơ quan tương ứng, liên hệ, nhiệm vụ tóm tắt."""
    from kehoach.cli.commands import run_agency

    _exit(run_agency(STATE.data, rev=STATE.rev, name=name, as_of=as_of, fmt=fmt, output=output))


@app.command()
def matrix(
    as_written: Annotated[
        bool,
        typer.Option(
            "--as-written", help="Theo tên cơ quan như Kế hoạch ghi (năm 2024), không theo kế thừa."
        ),
    ] = False,
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Ma trận trách nhiệm nhiệm vụ × cơ quan (C = chủ trì, P = phối hợp), để in."""
    from kehoach.cli.commands import run_matrix

    _exit(run_matrix(STATE.data, rev=STATE.rev, as_written=as_written, as_of=as_of, fmt=fmt, output=output))


# --- the yearly reporting cycle ----------------------------------------------------


@app.command()
def status(
    year: Annotated[int, typer.Option("--year", "-y", metavar="NĂM", help="Năm báo cáo.")],
    agency: StatusAgencyOption = None,
    tasks_view: Annotated[
        bool,
        typer.Option("--tasks", help="Tiến độ từng nhiệm vụ theo báo cáo của cơ quan chủ trì."),
    ] = False,
    every: Annotated[
        bool,
        typer.Option("--all", help="Liệt kê từng UBND phường, xã thay vì gộp theo loại."),
    ] = False,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            autocompletion=_values("overdue", "late"),
            metavar="TRẠNG_THÁI",
            help="overdue: thoát 1 nếu có cơ quan quá hạn; late: nếu có cơ quan trễ hoặc quá hạn.",
        ),
    ] = None,
    as_of: CountedAsOfOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Ai đã báo cáo năm đó: đúng hạn, trễ hạn, quá hạn hay chưa đến hạn; và báo cáo tổng hợp."""
    from kehoach.cli.commands import run_status

    _exit(
        run_status(
            STATE.data,
            rev=STATE.rev,
            year=year,
            agency=agency,
            tasks_view=tasks_view,
            every=every,
            fail_on=fail_on,
            as_of=as_of,
            fmt=fmt,
            output=output,
        )
    )


def _many(name: str, metavar: str, help_text: str, kind: type = str) -> Any:
    return Annotated[list[kind] | None, typer.Option(name, metavar=metavar, help=help_text)]  # type: ignore[valid-type]


@app.command()
def record(
    year: Annotated[int, typer.Option("--year", "-y", metavar="NĂM", help="Năm báo cáo.")],
    agency: Annotated[
        str | None,
        _agency_option(
            "Cơ quan gửi báo cáo (với --consolidated: mặc định là cơ quan đầu mối; "
            "ghi tên khác để sửa cơ quan đã ghi nhầm, cùng --force)."
        ),
    ] = None,
    received: _many(  # type: ignore[valid-type]
        "--received",
        "NGÀY",
        "Ngày cơ quan đầu mối nhận báo cáo (chỉ cần khi ghi lần đầu); sau --ad-hoc: ngày nhận báo cáo đó.",
    ) = None,
    number: _many(  # type: ignore[valid-type]
        "--number", "SỐ", "Số, ký hiệu (ví dụ 05/BC-SDL); sau --ad-hoc: của báo cáo đó."
    ) = None,
    dated: _many("--dated", "NGÀY", "Ngày của văn bản; sau --ad-hoc: ngày báo cáo đó (bắt buộc).") = None,  # type: ignore[valid-type]
    document: _many(  # type: ignore[valid-type]
        "--document", "THAM_CHIẾU", "Văn bản gốc: đường liên kết hoặc số trên hệ thống văn bản điện tử."
    ) = None,
    notes: _many("--notes", "VĂN_BẢN", "Ghi chú; sau --ad-hoc: ghi chú của báo cáo đó.") = None,  # type: ignore[valid-type]
    task: _many(  # type: ignore[valid-type]
        "--task",
        "SỐ",
        "Mở một nhiệm vụ; --status, --result, --difficulty, --proposal sau nó thuộc về nó.",
        int,
    ) = None,
    status_key: _many(  # type: ignore[valid-type]
        "--status",
        "TIẾN_ĐỘ",
        "Tiến độ: Chưa triển khai, Đang triển khai, Thực hiện thường xuyên, Đã hoàn thành "
        "(gõ có hay không dấu, hoặc mã not-started, in-progress, ongoing, completed).",
    ) = None,
    result: _many("--result", "VĂN_BẢN", "Kết quả của nhiệm vụ.") = None,  # type: ignore[valid-type]
    difficulty: _many("--difficulty", "VĂN_BẢN", "Khó khăn, vướng mắc.") = None,  # type: ignore[valid-type]
    proposal: _many("--proposal", "VĂN_BẢN", "Đề xuất, kiến nghị.") = None,  # type: ignore[valid-type]
    ad_hoc: _many(  # type: ignore[valid-type]
        "--ad-hoc",
        "CHỦ_ĐỀ",
        "Báo cáo đột xuất: mở một báo cáo có chủ đề này; --dated (bắt buộc), --received, --number, "
        "--document, --notes sau nó thuộc về nó.",
    ) = None,
    consolidated: Annotated[
        bool,
        typer.Option("--consolidated", help="Ghi báo cáo tổng hợp của cơ quan đầu mối gửi UBND Thành phố."),
    ] = False,
    sent: Annotated[
        str | None,
        typer.Option("--sent", metavar="NGÀY", help="Với --consolidated: ngày gửi UBND Thành phố."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help='Cho phép thay hoặc xóa (giá trị "") giá trị khác đã có trong tệp.'),
    ] = False,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            metavar="LÝ_DO",
            help="Cùng --force: lý do chấp nhận ngày nhận trước năm báo cáo hoặc sau hôm nay "
            "(lưu trong tệp).",
        ),
    ] = None,
) -> None:
    """Ghi (tạo hoặc cập nhật) báo cáo năm của một cơ quan, hoặc báo cáo tổng hợp (--consolidated).

    Nhiều nhiệm vụ trong một lệnh: mỗi --task mở một nhóm. Giá trị "" xóa một trường (cần --force).
    Kiểm tra trước khi ghi; không ghi gì nếu dữ liệu sai (thoát 2). Giữ nguyên chú thích và định dạng
    đã viết tay; ghi nguyên tử; hai lệnh chạy cùng lúc không làm mất thay đổi của nhau.
    """
    from kehoach.answer.record import describe
    from kehoach.answer.record import record as run
    from kehoach.cli.dispatch import parse
    from kehoach.cli.groups import record_arguments

    if STATE.rev is not None:
        raise UsageError("--rev chỉ để đọc; record ghi vào dữ liệu hiện tại, hãy bỏ --rev.")
    given = record_arguments(parse(STATE.args).order)
    root = data_dir()
    done = run(
        root,
        year=year,
        agency=agency,
        received=given.get("received"),
        sent=sent,
        number=given.get("number"),
        dated=given.get("dated"),
        document=given.get("document"),
        notes=given.get("notes"),
        tasks=given["tasks"],
        ad_hoc=given["ad_hoc"],
        force=force,
        reason=reason,
        consolidated=consolidated,
    )
    typer.echo(log_safe(describe(done, _plan().statuses)))


@app.command()
def form(
    year: Annotated[int, typer.Option("--year", "-y", metavar="NĂM", help="Năm báo cáo.")],
    agency: Annotated[
        str | None,
        _agency_option("Cơ quan nhận biểu mẫu (một nhóm: mỗi thành viên một tệp)."),
    ] = None,
    every: Annotated[
        bool,
        typer.Option("--all", help="Mọi cơ quan phải báo cáo năm đó: mỗi cơ quan một tệp trong thư mục -o."),
    ] = False,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="ĐƯỜNG_DẪN", help="Tệp .xlsx (một cơ quan) hoặc thư mục (--all, nhóm)."
        ),
    ] = Path("."),
) -> None:
    """Biểu mẫu báo cáo năm (.xlsx) điền sẵn nhiệm vụ của từng cơ quan, để gửi cơ quan điền rồi gửi lại."""
    from kehoach.cli.commands import run_form

    run_form(data_dir(), year=year, agency=agency, every=every, output=output)


@app.command(name="import")
def import_(
    files: Annotated[list[Path], typer.Argument(metavar="TỆP…", help="Các biểu mẫu đã điền (.xlsx).")],
    year: Annotated[
        int | None,
        typer.Option(
            "--year", "-y", metavar="NĂM", help="Chỉ nhận biểu mẫu của năm này (biểu mẫu năm khác: lỗi)."
        ),
    ] = None,
    received: Annotated[
        str | None,
        typer.Option(
            "--received",
            metavar="NGÀY",
            help="Ngày nhận (mặc định: hôm nay với báo cáo chưa ghi; báo cáo đã ghi giữ ngày nhận cũ).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Chỉ kiểm tra và in những gì sẽ thay đổi; không ghi gì.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Cho phép thay giá trị khác đã ghi trước đó.")
    ] = False,
) -> None:
    """Nhập các biểu mẫu đã điền vào plan/reports/: kiểm tra hết trước khi ghi; mỗi biểu mẫu ghi trọn
    hoặc không ghi gì."""
    from kehoach.cli.commands import run_import

    if STATE.rev is not None:
        raise UsageError("--rev chỉ để đọc; import ghi vào dữ liệu hiện tại, hãy bỏ --rev.")
    _exit(run_import(data_dir(), files=files, year=year, received=received, dry_run=dry_run, force=force))


@app.command()
def remind(
    year: Annotated[int, typer.Option("--year", "-y", metavar="NĂM", help="Năm báo cáo.")],
    as_of: CountedAsOfOption = None,
    agency: Annotated[
        str | None,
        _agency_option("Chỉ đôn đốc cơ quan này (hoặc các thành viên của nhóm này) nếu chưa báo cáo."),
    ] = None,
    each: Annotated[
        bool, typer.Option("--each", help="Mỗi cơ quan một công văn (tệp trong thư mục -o).")
    ] = False,
    fmt: Annotated[
        str | None,
        _format_option(
            "docx hoặc text (văn bản thường để gửi thư điện tử); mặc định theo đuôi của -o.", "docx", "text"
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="ĐƯỜNG_DẪN", help="Tệp (.docx, .txt) hoặc thư mục với --each."
        ),
    ] = None,
    number: Annotated[
        str | None, typer.Option("--number", metavar="SỐ", help="Số, ký hiệu công văn (mặc định: …).")
    ] = None,
    dated: Annotated[
        str | None, typer.Option("--dated", metavar="NGÀY", help="Ngày công văn (mặc định: ngày … tháng …).")
    ] = None,
    delegation: Annotated[
        str | None,
        typer.Option("--delegation", metavar="CHỮ", help="Dòng thẩm quyền ký, ví dụ «KT. GIÁM ĐỐC»."),
    ] = None,
    signer_title: Annotated[
        str | None,
        typer.Option(
            "--signer-title", metavar="CHỨC_VỤ", help="Chức vụ người ký (mặc định: GIÁM ĐỐC với một Sở)."
        ),
    ] = None,
    signer: Annotated[
        str | None, typer.Option("--signer", metavar="HỌ_TÊN", help="Họ tên người ký (mặc định: …).")
    ] = None,
) -> None:
    """Công văn đôn đốc (Word theo Nghị định 30, hoặc văn bản thường) gửi các cơ quan chưa báo cáo."""
    from kehoach.cli.commands import run_remind

    run_remind(
        data_dir(),
        year=year,
        as_of=as_of,
        agency=agency,
        each=each,
        fmt=fmt,
        output=output,
        number=number,
        dated=dated,
        signer=(delegation, signer_title, signer),
        sources=_sources(data_dir()),
    )


@app.command()
def calendar(
    output: Annotated[Path, typer.Option("--output", "-o", metavar="TỆP.ics", help="Tệp lịch ghi ra.")],
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", metavar="NĂM", help="Một năm (mặc định: mọi năm của Kế hoạch)."),
    ] = None,
    agency: Annotated[
        str | None,
        _agency_option("Lịch của một cơ quan: chỉ các hạn cơ quan đó phải đáp ứng."),
    ] = None,
) -> None:
    """Lịch các hạn báo cáo (.ics, RFC 5545) có nhắc trước một tuần, để mở hoặc đăng ký trong Outlook,
    Google Calendar."""
    from kehoach.cli.commands import run_calendar

    run_calendar(data_dir(), output=output, year=year, agency=agency, sources=_sources(data_dir()))


@app.command()
def site(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="THƯ_MỤC", help="Thư mục ghi trang web (tạo mới hoặc thay)."),
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="NGÀY",
            help="Ngày mà trang web trả lời (DD/MM/YYYY hoặc YYYY-MM-DD; mặc định: hôm nay).",
        ),
    ] = None,
) -> None:
    """Trang web tĩnh của Kế hoạch: trang chủ, mỗi cơ quan, mỗi nhiệm vụ, tình hình báo cáo từng năm, tìm
    kiếm và tệp tải về; mở được không cần mạng."""
    from kehoach.cli.commands import run_site

    run_site(data_dir(), output=output, as_of=as_of, sources=_sources(data_dir()))


# --- the consolidated report --------------------------------------------------------


@app.command()
def report(
    year: Annotated[int, typer.Option("--year", "-y", metavar="NĂM", help="Năm báo cáo.")],
    fmt: Annotated[
        str | None,
        _format_option(
            "md, docx hoặc pdf (pdf cần LibreOffice; mặc định: theo đuôi của -o, hoặc md).",
            "md",
            "docx",
            "pdf",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="TỆP",
            help="Tệp ghi ra (bắt buộc với docx và pdf; md mặc định in ra màn hình).",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="NGÀY",
            help="Chỉ tính các báo cáo đã nhận đến ngày này (mặc định: ngày văn bản, nếu không có thì "
            "hôm nay; không được sau ngày văn bản).",
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--dated",
            "--date",
            metavar="NGÀY",
            help="Ngày ghi trên văn bản (mặc định: dated của báo cáo tổng hợp, nếu không có thì để trống: "
            "ngày … tháng … năm …); --date là tên cũ.",
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template", metavar="TỆP", help="Mẫu khác (.md.j2 hoặc .docx) thay cho mẫu trong templates/."
        ),
    ] = None,
) -> None:
    """Báo cáo tổng hợp năm của cơ quan đầu mối gửi UBND Thành phố: Markdown, Word (DOCX) hoặc PDF."""
    from kehoach.cli.commands import run_report

    root = data_dir()
    run_report(
        root,
        year=year,
        fmt=fmt,
        output=output,
        as_of=as_of,
        date=date,
        template=template,
        sources=_sources(root),
    )


# --- versions ---------------------------------------------------------------------


@app.command()
def diff(
    revs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[REV1 [REV2]]",
            help="Mặc định: điểm rẽ nhánh với nhánh mặc định so với thư mục làm việc; "
            "một phiên bản: phiên bản đó so với thư mục làm việc.",
        ),
    ] = None,
    fmt: Annotated[
        str,
        _format_option("text | md | json.", "text", "md", "json"),
    ] = "text",
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Thoát 1 nếu có thay đổi (như git diff --exit-code).")
    ] = False,
) -> None:
    """Những gì thay đổi trong kế hoạch giữa hai phiên bản, theo ngôn ngữ của kế hoạch (không theo dòng)."""
    from kehoach.answer.diff import render
    from kehoach.answer.history import diff_revisions

    _choice("--format", fmt, ("text", "md", "json"))
    if STATE.rev is not None:
        raise UsageError("kehoach diff nhận phiên bản làm tham số (REV1 REV2), không dùng --rev.")
    changes, old_label, new_label = diff_revisions(data_dir(), list(revs or []))
    text = render(changes, fmt, old_label=old_label, new_label=new_label)
    typer.echo(text if fmt == "json" else log_safe(text))
    if exit_code and changes:
        raise typer.Exit(1)


@app.command()
def history(
    task_id: Annotated[
        int | None, typer.Option("--task", metavar="SỐ", help="Lịch sử của một nhiệm vụ.")
    ] = None,
    agency: HistoryAgencyOption = None,
    fmt: Annotated[
        str,
        _format_option("text | md | json.", "text", "md", "json"),
    ] = "text",
) -> None:
    """Các commit đã thay đổi một nhiệm vụ hoặc phân công của một cơ quan, mới nhất trước."""
    from kehoach.answer.history import history as run
    from kehoach.answer.history import render_history

    _choice("--format", fmt, ("text", "md", "json"))
    if (task_id is None) == (agency is None):
        raise UsageError("Cần đúng một trong --task SỐ hoặc --agency TÊN.")
    plan = _plan()
    if task_id is not None:
        subject = f"nhiệm vụ {task_id}"
        entries = run(data_dir(), task=task_id, rev=STATE.rev or "HEAD")
    else:
        from kehoach.model.resolve import resolve_agency

        found = resolve_agency(plan, agency or "").agency
        subject = found.name
        entries = run(data_dir(), agency=found.id, rev=STATE.rev or "HEAD")
    text = render_history(entries, fmt, subject)
    typer.echo(text if fmt == "json" else log_safe(text))


def spec() -> dict[str, Any]:
    """The command line as plain data, for the light dispatcher (cli/spec.py is generated from it)."""
    group = typer.main.get_command(app)

    def params(command: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        options, arguments = [], []
        for param in command.params:
            if param.param_type_name == "argument":
                arguments.append(
                    {
                        "dest": param.name,
                        "metavar": param.metavar or param.name.upper(),
                        "help": getattr(param, "help", None) or "",
                        "required": param.required,
                        "many": param.nargs == -1,
                        "int": type(param.type).__name__ == "IntParamType",
                    }
                )
                continue
            if param.name in ("help", "install_completion", "show_completion"):
                continue
            options.append(
                {
                    "names": list(param.opts),
                    "dest": param.name,
                    "metavar": param.metavar or "",
                    "help": param.help or "",
                    "flag": bool(param.is_flag),
                    "many": bool(param.multiple),
                    "required": bool(param.required),
                    "int": type(param.type).__name__ == "IntParamType",
                    "default": param.default if isinstance(param.default, str | int | bool) else None,
                    "envvar": param.envvar if isinstance(param.envvar, str) else None,
                }
            )
        return options, arguments

    global_options, _ = params(group)
    commands = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        options, arguments = params(command)
        commands[name] = {
            "help": (command.help or "").strip(),
            "options": options,
            "arguments": arguments,
        }
    return {"help": (group.help or "").strip(), "options": global_options, "commands": commands}


def spec_source() -> str:
    """cli/spec.py as it should be (`make spec`; a test keeps the committed file equal)."""
    import pprint

    text = pprint.pformat(spec(), width=100, sort_dicts=False)
    return (
        '"""The command line as data: generated from the typer app (cli/app.py) by `make spec`.\n\n'
        "Do not edit: the light dispatcher (cli/dispatch.py) parses and prints help from it, so that\n"
        'queries and help start without typer; tests/test_dispatch.py keeps it equal to the app.\n"""\n\n'
        "from typing import Any\n\n"
        f"SPEC: dict[str, Any] = {text}\n"
    )


def _choice(option: str, value: str, choices: tuple[str, ...]) -> None:
    from kehoach.cli.commands import choice

    choice(option, value, choices)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `kehoach` script: known errors become messages and exit codes."""
    from typer._click import exceptions as click_exc  # typer vendors click

    args = sys.argv[1:] if argv is None else argv
    STATE.args = list(args)
    command = typer.main.get_command(app)
    if not args or "--help" in args or "-h" in args:
        from kehoach.cli.help_vi import localize

        localize(command)
    try:
        code = command.main(args=args, prog_name="kehoach", standalone_mode=False)
    except KehoachError as exc:
        exc.report()
    except click_exc.NoArgsIsHelpError as exc:
        typer.echo(exc.format_message(), err=True)
        sys.exit(EXIT_USAGE)
    except click_exc.NoSuchOption as exc:
        hint = f" Có phải ý bạn là: {', '.join(exc.possibilities)}?" if exc.possibilities else ""
        _usage(exc, f"Không có tùy chọn {exc.option_name}.{hint}")
    except click_exc.MissingParameter as exc:
        param = exc.param
        name = (param.opts[0] if param is not None and param.opts else None) or exc.param_hint or "tham số"
        if param is not None and param.param_type_name == "argument":
            name = param.make_metavar(exc.ctx) if exc.ctx is not None else name
        _usage(exc, f"Thiếu {name}.")
    except click_exc.UsageError as exc:
        _usage(exc, _vietnamese(exc.format_message()))
    except click_exc.ClickException as exc:
        typer.echo(f"Lỗi: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("Đã dừng.", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


# click's own messages for bad usage, in Vietnamese (the rest are kehoach's and already are)
_CLICK_MESSAGES = (
    (
        r"Invalid value for (.+?): '(.*)' is not a valid int(?:eger)?\.",
        "Giá trị không hợp lệ cho {0}: «{1}» không phải số nguyên.",
    ),
    (r"Option '(.+)' requires an argument\.", "Tùy chọn {0} cần một giá trị."),
    (r"Option '(.+)' requires (\d+) arguments\.", "Tùy chọn {0} cần {1} giá trị."),
    (r"No such command '(.+)'\.", "Không có lệnh «{0}»; xem danh sách lệnh bằng kehoach --help."),
    (r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)\.?", "Thừa tham số: {0}."),
    (r"Option '(.+)' does not take a value\.", "Tùy chọn {0} không nhận giá trị."),
)


def _vietnamese(message: str) -> str:
    import re

    for pattern, template in _CLICK_MESSAGES:
        match = re.fullmatch(pattern, message.strip())
        if match:
            return template.format(*(g.replace("'", "") for g in match.groups()))
    return message


def _usage(exc: Any, message: str) -> None:
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        from kehoach.cli.help_vi import localize_usage

        localize_usage()
        typer.echo(ctx.get_usage(), err=True)
        typer.echo(f"Xem: {ctx.command_path} --help", err=True)
    typer.echo(f"Lỗi: {message}", err=True)
    sys.exit(EXIT_USAGE)
