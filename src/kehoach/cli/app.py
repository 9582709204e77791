"""The command line, declared once: every command, option and argument, in typer.

This module is the declaration; nothing here runs a command. `make spec` turns it
into plain data (cli/spec.py), from which the one runtime parser (cli/dispatch.py)
parses every command line, prints every help page and checks every value: choices,
whole numbers, paths that must be a folder or an existing file, repeated groups
(`record --task …`). typer itself runs only for shell completion (Tab), where it
reads these same declarations. Why not typer at runtime: importing it costs about
8× `python -c pass` (0.12 s against 0.015 s, measured), more than a whole query may.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer._types import TyperChoice  # typer's own choice type (typer is pinned below 0.29)

from kehoach import labels
from kehoach.problems import CHECKS

app = typer.Typer(
    name="kehoach",
    help=(
        "Sổ kế hoạch của UBND Thành phố Hà Nội, lưu dưới dạng dữ liệu YAML trong git: việc của "
        "từng cơ quan và thời hạn, báo cáo năm, văn bản để ký, trang web và dữ liệu mở."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Options that belong to the group opened by the option before them, per command: `record --task 8
# --status … --task 18 --status …`. `alone`: whether a member may also stand before any opener (then it
# is the command's own); `required`: members every group must have.
GROUPS: dict[str, list[dict[str, Any]]] = {
    "record": [
        {
            "opener": "task",
            "label": "nhiệm vụ {}",
            "members": ["status_key", "result", "difficulty", "proposal", "completed_on"],
            "alone": False,
        },
        {
            "opener": "ad_hoc",
            "label": "báo cáo đột xuất «{}»",
            "members": ["dated", "received", "number", "document", "notes"],
            "alone": True,
            "required": ["dated"],
        },
    ]
}

# Commands that refuse the global --rev, and why (they write the data, or take versions themselves).
NO_REV = {
    "schema": "--rev chỉ để đọc dữ liệu; schema ghi lược đồ của mô hình hiện tại, hãy bỏ --rev.",
    "record": "--rev chỉ để đọc; record ghi vào dữ liệu hiện tại, hãy bỏ --rev.",
    "import": "--rev chỉ để đọc; import ghi vào dữ liệu hiện tại, hãy bỏ --rev.",
    "plan": "--rev chỉ để đọc; plan import ghi vào dữ liệu hiện tại, hãy bỏ --rev.",
    "diff": "kehoach diff nhận phiên bản làm tham số (REV1 REV2), không dùng --rev.",
}


def _choices(*values: str) -> TyperChoice[str]:
    """A fixed set of values: the parser refuses any other, Tab completes them."""
    return TyperChoice(values)


def _format_option(help_text: str, *choices: str) -> Any:
    """--format / -f: the same option in every command, with its own choices."""
    return typer.Option("--format", "-f", metavar="ĐỊNH_DẠNG", help=help_text, click_type=_choices(*choices))


def _data_folder(ctx: typer.Context) -> Path | None:
    """--data as typed before the command (for completion, which runs no callback)."""
    value = ctx.find_root().params.get("data")
    return Path(value) if value else None


@app.callback()
def main_options(
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar="KEHOACH_DATA",
            help="Thư mục chứa plan/ (mặc định: thư mục hiện tại hoặc thư mục cha gần nhất có plan/).",
            metavar="THƯ_MỤC",
            exists=True,
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
    version: Annotated[bool, typer.Option("--version", help="In phiên bản rồi thoát.")] = False,
) -> None:
    """Tùy chọn chung cho mọi lệnh."""


@app.command()
def validate(
    check: Annotated[
        list[str] | None,
        typer.Option(
            "--check",
            click_type=_choices(*CHECKS),
            help=f"Chỉ chạy kiểm tra này (lặp lại được): {', '.join(CHECKS)}. "
            "Cú pháp và lược đồ luôn được kiểm tra.",
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
        "table",
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


def _complete_agency(ctx: typer.Context, incomplete: str) -> list[str]:
    """Agency ids and names for shell completion (typer's --install-completion).

    Shells keep only candidates that start with what was typed, so an id is
    offered whenever its words start like the typed words ("so van" and
    "so-van" both complete to so-van-hoa-va-the-thao), and a name or alias when
    it starts with exactly what was typed.
    """
    from kehoach.check.cache import load_plan
    from kehoach.errors import KehoachError
    from kehoach.files.datadir import find_data_dir
    from kehoach.text import search_key

    try:
        plan = load_plan(find_data_dir(_data_folder(ctx)))
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


def _complete_plan(ctx: typer.Context, incomplete: str) -> list[str]:
    """Plan ids for shell completion."""
    from kehoach.errors import KehoachError
    from kehoach.files.datadir import find_data_dir
    from kehoach.files.layout import plan_folders

    try:
        ids = plan_folders(find_data_dir(_data_folder(ctx))) or ["plan"]
    except KehoachError:
        return []
    return [i for i in ids if i.startswith(incomplete)]


# --final on a document to be signed (report, remind): the clean version, without review notes
FinalOption = Annotated[
    bool,
    typer.Option(
        "--final",
        help="Bản để ký: không kèm ghi chú rà soát (chú thích trong Word, chú thích cuối trang trong "
        "Markdown) về những gì cần kiểm tra.",
    ),
]
PlanOption = Annotated[
    str | None,
    typer.Option(
        "--plan",
        "-p",
        metavar="MÃ_KẾ_HOẠCH",
        help="Kế hoạch nào (mã, xem `kehoach plans`); bỏ qua khi dữ liệu chỉ có một kế hoạch.",
        autocompletion=_complete_plan,
    ),
]
PlansOption = Annotated[
    list[str] | None,
    typer.Option(
        "--plan",
        "-p",
        metavar="MÃ_KẾ_HOẠCH",
        help="Chỉ kế hoạch này (mã, xem `kehoach plans`; lặp lại để chọn nhiều); mặc định: mọi kế hoạch "
        "còn hiệu lực vào ngày đã chọn.",
        autocompletion=_complete_plan,
    ),
]

AgencyOption = Annotated[
    str | None,
    _agency_option("Chỉ các nhiệm vụ cơ quan này có vai trò (tên, tên viết tắt, không dấu hay mã đều được)."),
]


@app.command()
def tasks(
    plan_ids: PlansOption = None,
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


@app.command()
def plans(
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Các kế hoạch trong dữ liệu: mã, số, ngày, trích yếu, số nhiệm vụ, tình trạng, hạn gần nhất."""


@app.command()
def overdue(
    plan_ids: PlansOption = None,
    agency: Annotated[
        str | None,
        _agency_option(
            "Chỉ cơ quan này, hoặc mọi thành viên của nhóm này (tên, viết tắt, không dấu hay mã)."
        ),
    ] = None,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            metavar="THEO",
            help="agency: mỗi cơ quan một dòng (mặc định); plan: mỗi kế hoạch một dòng.",
            click_type=_choices("agency", "plan"),
        ),
    ] = "agency",
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Đếm nhiệm vụ chủ trì theo bốn nhóm của Văn phòng Chính phủ (và không thời hạn), qua mọi kế hoạch."""


@app.command()
def task(
    number: Annotated[
        str,
        typer.Argument(
            metavar="SỐ",
            help="Số thứ tự nhiệm vụ (ví dụ 5), hoặc MÃ_KẾ_HOẠCH#SỐ khi dữ liệu có nhiều kế hoạch.",
        ),
    ],
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    plan_id: PlanOption = None,
) -> None:
    """Một nhiệm vụ đầy đủ: nội dung, lĩnh vực, mọi cơ quan với vai trò, phạm vi và ai thực hiện hiện nay."""


@app.command()
def agencies(
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            metavar="LOẠI",
            help="department, office, center, district, commune, group, …",
            click_type=_choices(*labels.KIND),
        ),
    ] = None,
    city: Annotated[
        str | None,
        typer.Option(
            "--city", metavar="THÀNH_PHỐ", help="hanoi hoặc hcmc.", click_type=_choices(*labels.CITY)
        ),
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="Cả các cơ quan không còn (hoặc chưa) tồn tại vào ngày đã chọn.")
    ] = False,
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Danh mục cơ quan, xếp theo thứ tự chữ cái tiếng Việt."""


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
    plan_id: PlanOption = None,
) -> None:
    """Một cơ quan: tên gọi, nhóm, tiền thân và kế thừa, cơ quan tương ứng, liên hệ, nhiệm vụ tóm tắt."""


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
    plan_id: PlanOption = None,
) -> None:
    """Ma trận trách nhiệm nhiệm vụ × cơ quan (C = chủ trì, P = phối hợp), để in."""


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
            click_type=_choices("overdue", "late"),
            metavar="TRẠNG_THÁI",
            help="overdue: thoát 1 nếu có cơ quan quá hạn; late: nếu có cơ quan trễ hoặc quá hạn.",
        ),
    ] = None,
    as_of: CountedAsOfOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    plan_id: PlanOption = None,
) -> None:
    """Ai đã báo cáo năm đó: đúng hạn, trễ hạn, quá hạn hay chưa đến hạn; và báo cáo tổng hợp."""


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
    received: Annotated[
        list[str] | None,
        typer.Option(
            "--received",
            metavar="NGÀY",
            help="Ngày cơ quan đầu mối nhận báo cáo (chỉ cần khi ghi lần đầu); sau --ad-hoc: ngày nhận "
            "báo cáo đó.",
        ),
    ] = None,
    number: Annotated[
        list[str] | None,
        typer.Option(
            "--number", metavar="SỐ", help="Số, ký hiệu (ví dụ 05/BC-SDL); sau --ad-hoc: của báo cáo đó."
        ),
    ] = None,
    dated: Annotated[
        list[str] | None,
        typer.Option(
            "--dated", metavar="NGÀY", help="Ngày của văn bản; sau --ad-hoc: ngày báo cáo đó (bắt buộc)."
        ),
    ] = None,
    document: Annotated[
        list[str] | None,
        typer.Option(
            "--document",
            metavar="THAM_CHIẾU",
            help="Văn bản gốc: đường liên kết hoặc số trên hệ thống văn bản điện tử.",
        ),
    ] = None,
    notes: Annotated[
        list[str] | None,
        typer.Option("--notes", metavar="VĂN_BẢN", help="Ghi chú; sau --ad-hoc: ghi chú của báo cáo đó."),
    ] = None,
    task: Annotated[
        list[int] | None,
        typer.Option(
            "--task",
            metavar="SỐ",
            help="Mở một nhiệm vụ; --status, --result, --difficulty, --proposal, --completed-on sau nó thuộc "
            "về nó.",
        ),
    ] = None,
    status_key: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            metavar="TIẾN_ĐỘ",
            help="Tiến độ: Chưa triển khai, Đang triển khai, Thực hiện thường xuyên, Đã hoàn thành "
            "(gõ có hay không dấu, hoặc mã not-started, in-progress, ongoing, completed).",
        ),
    ] = None,
    result: Annotated[
        list[str] | None, typer.Option("--result", metavar="VĂN_BẢN", help="Kết quả của nhiệm vụ.")
    ] = None,
    difficulty: Annotated[
        list[str] | None, typer.Option("--difficulty", metavar="VĂN_BẢN", help="Khó khăn, vướng mắc.")
    ] = None,
    proposal: Annotated[
        list[str] | None, typer.Option("--proposal", metavar="VĂN_BẢN", help="Đề xuất, kiến nghị.")
    ] = None,
    completed_on: Annotated[
        list[str] | None,
        typer.Option(
            "--completed-on",
            metavar="NGÀY",
            help="Ngày hoàn thành nhiệm vụ (với --status «Đã hoàn thành»; mặc định: ngày nhận báo cáo).",
        ),
    ] = None,
    ad_hoc: Annotated[
        list[str] | None,
        typer.Option(
            "--ad-hoc",
            metavar="CHỦ_ĐỀ",
            help="Báo cáo đột xuất: mở một báo cáo có chủ đề này; --dated (bắt buộc), --received, --number, "
            "--document, --notes sau nó thuộc về nó.",
        ),
    ] = None,
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
    plan_id: PlanOption = None,
) -> None:
    """Ghi (tạo hoặc cập nhật) báo cáo năm của một cơ quan, hoặc báo cáo tổng hợp (--consolidated).

    Nhiều nhiệm vụ trong một lệnh: mỗi --task mở một nhóm. Giá trị "" xóa một trường (cần --force).
    Kiểm tra trước khi ghi; không ghi gì nếu dữ liệu sai (thoát 2). Giữ nguyên chú thích và định dạng
    đã viết tay; ghi nguyên tử; hai lệnh chạy cùng lúc không làm mất thay đổi của nhau.
    """


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
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="ĐƯỜNG_DẪN",
            help="Tệp .xlsx (một cơ quan) hoặc thư mục (--all, nhóm); mặc định: thư mục hiện tại.",
        ),
    ] = None,
    new_key: Annotated[
        bool,
        typer.Option(
            "--new-key",
            help="Tạo khóa ký mới trước khi lập biểu mẫu (đổi khóa; biểu mẫu đã gửi vẫn nhập được).",
        ),
    ] = False,
    plan_id: PlanOption = None,
) -> None:
    """Biểu mẫu báo cáo năm (.xlsx) điền sẵn nhiệm vụ của từng cơ quan, để gửi cơ quan điền rồi gửi lại."""


@app.command(name="import")
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(metavar="TỆP…", help="Các biểu mẫu đã điền (.xlsx)."),
    ],
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
    accept_unsigned: Annotated[
        bool,
        typer.Option(
            "--accept-unsigned",
            help="Nhận cả biểu mẫu không có chữ ký của văn phòng (tải từ trang web, lập trên máy khác); "
            "cần --from.",
        ),
    ] = False,
    sender: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="NGƯỜI_GỬI",
            help="Ai đã gửi biểu mẫu không có chữ ký (đã xác minh); được ghi vào báo cáo.",
        ),
    ] = None,
    plan_id: PlanOption = None,
) -> None:
    """Nhập các biểu mẫu đã điền vào plan/reports/: kiểm tra hết trước khi ghi; mỗi biểu mẫu ghi trọn
    hoặc không ghi gì. Biểu mẫu phải có chữ ký của văn phòng (kehoach form ký khi lập)."""


@app.command(name="plan")
def plan_command(
    action: Annotated[
        str,
        typer.Argument(
            metavar="VIỆC", help="import: nhập một kế hoạch mới từ văn bản.", click_type=_choices("import")
        ),
    ],
    source: Annotated[
        Path,
        typer.Argument(
            metavar="TỆP",
            help="Văn bản kế hoạch: Word .docx, hoặc văn bản thuần .txt/.md "
            "(các ô của bảng cách nhau bằng Tab).",
            exists=True,
            dir_okay=False,
        ),
    ],
    new_id: Annotated[
        str,
        typer.Option(
            "--id",
            metavar="MÃ",
            help="Mã của kế hoạch trong sổ (chữ thường không dấu, số, gạch nối), ví dụ hop-tac-hn-hcm-2024.",
        ),
    ],
    dated: Annotated[
        str | None,
        typer.Option(
            "--dated", metavar="NGÀY", help="Ngày ban hành, khi văn bản để trống (ví dụ 15/3/2025)."
        ),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", "-y", metavar="NĂM", help="Năm ban hành, khi văn bản để trống.")
    ] = None,
    maps: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="TÊN=MÃ",
            help='Tên cơ quan trong văn bản là cơ quan có mã này: "Tên trong văn bản=mã-cơ-quan" '
            "(lặp lại được).",
        ),
    ] = None,
    focal: Annotated[
        str | None,
        typer.Option(
            "--focal", metavar="CƠ_QUAN", help="Cơ quan đầu mối tổng hợp báo cáo, khi văn bản không ghi."
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="In YAML sẽ ghi và mọi quyết định (tên nào thành mã nào); không ghi gì."
        ),
    ] = False,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Thay plan.yaml và tasks.yaml của kế hoạch đã có (giữ báo cáo); xem lại bằng kehoach diff.",
        ),
    ] = False,
) -> None:
    """Thêm một kế hoạch vào sổ từ văn bản Word hoặc văn bản thuần: mọi tên cơ quan được đối chiếu với danh
    mục vào ngày của kế hoạch; tên chưa rõ được liệt kê để xử lý bằng --map, chưa ghi gì."""


@app.command()
def remind(
    year: Annotated[
        int | None,
        typer.Option(
            "--year", "-y", metavar="NĂM", help="Năm báo cáo (đôn đốc báo cáo năm; không dùng với --overdue)."
        ),
    ] = None,
    overdue: Annotated[
        bool,
        typer.Option(
            "--overdue",
            help="Đôn đốc nhiệm vụ chưa hoàn thành, quá hạn (trên mọi kế hoạch còn hiệu lực).",
        ),
    ] = False,
    keep: Annotated[
        bool,
        typer.Option(
            "--record",
            help="Với --overdue: ghi lần đôn đốc này vào chases.yaml của từng kế hoạch "
            "(để đếm số lần đôn đốc).",
        ),
    ] = False,
    escalate: Annotated[
        int | None,
        typer.Option(
            "--escalate",
            metavar="SỐ_LẦN",
            help="Liệt kê nhiệm vụ quá hạn đã được đôn đốc từ SỐ_LẦN lần trở lên "
            "(để báo cáo UBND Thành phố).",
        ),
    ] = None,
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
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar="NGÀY",
            help="Hạn mới để các cơ quan gửi báo cáo (mặc định: không ghi hạn, chỉ «khẩn trương»); "
            "chỉ với --year.",
        ),
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
    final: FinalOption = False,
    plan_id: PlanOption = None,
) -> None:
    """Công văn đôn đốc (Word theo Nghị định 30, hoặc văn bản thường) gửi các cơ quan chưa báo cáo."""


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
    plan_id: PlanOption = None,
) -> None:
    """Lịch các hạn báo cáo (.ics, RFC 5545) có nhắc trước một tuần, để mở hoặc đăng ký trong Outlook,
    Google Calendar."""


@app.command()
def site(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="THƯ_MỤC",
            help="Thư mục ghi trang web (tạo mới hoặc thay).",
            file_okay=False,
        ),
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="NGÀY",
            help="Ngày mà trang web trả lời (DD/MM/YYYY hoặc YYYY-MM-DD; mặc định: hôm nay).",
        ),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            metavar="ĐỊA_CHỈ",
            help="Địa chỉ công khai của trang (https://…/), để danh mục DCAT trong du-lieu/ ghi địa chỉ "
            "đầy đủ.",
        ),
    ] = None,
    manual: Annotated[
        Path | None,
        typer.Option(
            "--manual",
            metavar="THƯ_MỤC",
            help="Hướng dẫn sử dụng đã dựng (make manual ghi vào build/huong-dan/): chép vào huong-dan/ của "
            "trang web, và mọi trang có liên kết «Hướng dẫn».",
            exists=True,
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Trang web tĩnh của Kế hoạch: trang chủ, mỗi cơ quan, mỗi nhiệm vụ, tình hình báo cáo từng năm, tìm
    kiếm và tệp tải về; mở được không cần mạng."""


@app.command()
def export(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="KIỂU",
            help="sqlite: một tệp cơ sở dữ liệu SQLite; datapackage: một thư mục gói dữ liệu (CSV và "
            "datapackage.json).",
            click_type=_choices("sqlite", "datapackage"),
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="ĐƯỜNG_DẪN",
            help="Tệp .sqlite (sqlite) hoặc thư mục (datapackage), tạo mới hoặc thay.",
        ),
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="NGÀY",
            help="Ngày của phân công và tình trạng nhiệm vụ (DD/MM/YYYY hoặc YYYY-MM-DD; mặc định: hôm nay).",
        ),
    ] = None,
) -> None:
    """Xuất cả sổ kế hoạch thành dữ liệu mở: cơ sở dữ liệu SQLite (hỏi bằng SQL, Datasette) hoặc gói dữ liệu
    Frictionless (CSV kèm mô tả bảng, khóa và quan hệ)."""


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
            "--template",
            metavar="TỆP",
            help="Mẫu khác (.md.j2 hoặc .docx) thay cho mẫu trong templates/.",
        ),
    ] = None,
    final: FinalOption = False,
    plan_id: PlanOption = None,
) -> None:
    """Báo cáo tổng hợp năm của cơ quan đầu mối gửi UBND Thành phố: Markdown, Word (DOCX) hoặc PDF."""


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
    plan_id: PlanOption = None,
) -> None:
    """Những gì thay đổi trong kế hoạch giữa hai phiên bản, theo ngôn ngữ của kế hoạch (không theo dòng)."""


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
    plan_id: PlanOption = None,
) -> None:
    """Các commit đã thay đổi một nhiệm vụ hoặc phân công của một cơ quan, mới nhất trước."""


def spec() -> dict[str, Any]:
    """The command line as plain data, for the runtime parser (cli/spec.py is generated from it)."""
    group = typer.main.get_command(app)

    def value(param: Any) -> dict[str, Any]:
        """What the parser checks of a value: a whole number, one of fixed choices, a kind of path."""
        kind = type(param.type).__name__
        path = None
        if kind in ("Path", "TyperPath"):
            path = {
                "exists": bool(param.type.exists),
                "file": bool(param.type.file_okay),
                "dir": bool(param.type.dir_okay),
            }
        return {
            "int": kind == "IntParamType",
            "choices": list(param.type.choices) if kind == "TyperChoice" else None,
            "path": path,
        }

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
                        **value(param),
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
                    **value(param),
                    "default": param.default if isinstance(param.default, str | int | bool) else None,
                    "envvar": param.envvar if isinstance(param.envvar, str) else None,
                }
            )
        return options, arguments

    global_options, _ = params(group)
    commands = {}
    declared: dict[str, Any] = getattr(group, "commands", {})  # a typer app with commands is a click group
    for name, command in declared.items():
        options, arguments = params(command)
        commands[name] = {
            "help": (command.help or "").strip(),
            "options": options,
            "arguments": arguments,
            "groups": GROUPS.get(name, []),
            "no_rev": NO_REV.get(name),
        }
    return {"help": (group.help or "").strip(), "options": global_options, "commands": commands}


def spec_source() -> str:
    """cli/spec.py as it should be (`make spec`; a test keeps the committed file equal)."""
    import pprint

    text = pprint.pformat(spec(), width=100, sort_dicts=False)
    return (
        '"""The command line as data: generated from the typer declarations (cli/app.py) by `make spec`.\n\n'
        "Do not edit: the runtime parser (cli/dispatch.py) parses every command line and prints every\n"
        'help page from it, without importing typer; a test keeps it equal to the declarations.\n"""\n\n'
        "from __future__ import annotations\n\n"
        "from kehoach.tuples import Any\n\n"
        f"SPEC: dict[str, Any] = {text}\n"
    )
