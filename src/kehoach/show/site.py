"""The plan's static web site: pages from templates/site/ (jinja2, autoescaped), assets, downloads.

    kehoach.answer.site.pages ──jinja2──▶ DIR/*.html, linh-vuc/, co-quan/, nhiem-vu/, bao-cao/
    search_index ──JSON in a script──▶ DIR/assets/search-index.js   (works from file://)
    report, status, matrix, calendar, forms ──▶ DIR/tai-ve/
    open data (show/exports.py, show/dcat.py) ──▶ DIR/du-lieu/: SQLite, data package, DCAT catalogue

Every link is relative to its page, nothing is fetched from elsewhere (no CDN,
fonts or analytics), so the site works offline, from file:// and from a
sub-path (GitHub Pages project sites). Text from the data is escaped by
jinja2's autoescape in HTML and attributes, by `script_json` in the search
index (no "</script>" can close it), and as XML text in SVG. The site is built
in a temporary folder next to DIR and put in place only once whole; an existing
DIR is replaced only when kehoach built it (it holds `.kehoach-site`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from kehoach import __version__
from kehoach.answer.site import Page, pages, plan_base, search_index, site_years
from kehoach.errors import DataError, UsageError, WriteError, os_message
from kehoach.model.register import Register
from kehoach.model.views import Plan

MARKER = ".kehoach-site"
LEGEND = "<!--kehoach:legend-->"  # where base.html.j2 takes the legend of what the page marks
MATRIX_XLSX_CELLS = 50_000  # a larger matrix is offered as CSV only (Excel of 700,000 cells: 40 s)
PAGE_BUDGET = 200 * 1024  # bytes: the largest page allowed (the status page of 143 agencies is ~60 KB)


def site_dir() -> Path:
    """templates/site/ of kehoach itself (never a data folder's)."""
    from kehoach.show.templates import template_dirs

    for folder in template_dirs():
        if (folder / "site").is_dir():
            return folder / "site"
    raise UsageError("Không tìm thấy mẫu trang web (templates/site/) của kehoach; hãy cài lại kehoach.")


def script_json(value: Any) -> str:
    """JSON safe inside <script>: "<", ">", "&" and the line separators escaped as \\u sequences."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, code in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, code)
    return text


class OpenData(NamedTuple):
    """What the site's `du-lieu/` is made from: the register, each plan's last change (git) and the
    site's public address when known (the catalogue's IRIs are relative without it)."""

    register: Register
    changed: dict[str, dt.date]
    base_url: str | None = None


def build_site(
    found: Plan | Register,
    output: Path,
    as_of: dt.date,
    data_date: str | None,
    downloads: bool = True,
    open_data: OpenData | None = None,
    manual: dict[str, bytes] | None = None,
) -> dict[str, int]:
    """Write the site of a plan, or of a register (several plans: see answer/site_register.py), to
    `output`, with its open data when `open_data` is given and the manual (the files MkDocs built) in
    huong-dan/ when `manual` is, linked from every page; returns {"pages": n, "files": n, "largest":
    bytes}."""
    from kehoach.files.atomic import folder_parent, put_folder

    output = Path(output)
    parent = folder_parent(
        output,
        MARKER,
        f"Thư mục «{output}» đã có nội dung không do kehoach tạo; chọn thư mục trống hoặc thư mục mới "
        "(kehoach chỉ thay thư mục trang web do chính nó dựng).",
    )
    import jinja2

    from kehoach.answer.queries import unconfirmed_marks
    from kehoach.show.marks import PageMarks
    from kehoach.show.templates import sandbox

    folder = site_dir()
    roster = found if not isinstance(found, Register) else next(iter(found.plans.values()))
    marks = PageMarks(unconfirmed_marks(roster, as_of))  # every page marks what is unconfirmed
    env = sandbox(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=marks.finalize,
    )
    listed, files, index, page_common = _site_parts(found, as_of, downloads, data_date)
    extra: dict[str, bytes] = {}
    if open_data is not None:
        import itertools

        extra, page = _open_data(open_data, found, as_of, files)
        listed = itertools.chain(listed, [page])
        plain = page_common
        page_common = lambda page: {**plain(page), "open_data": True}  # noqa: E731
    if manual is not None:
        extra |= {MANUAL + path: content for path, content in manual.items()}
        linked = page_common
        page_common = lambda page: {**linked(page), "manual": True}  # noqa: E731
    try:
        work = Path(tempfile.mkdtemp(prefix=".kehoach-site-", dir=parent))
    except OSError as exc:
        raise WriteError(f"Không tạo được thư mục tạm cạnh «{output}»: {os_message(exc)}.") from None
    largest = count = 0
    try:
        for page in listed:
            count += 1
            text = _render(env, page, page_common(page), files)
            html = text.replace(LEGEND, marks.legend_html(), 1).encode("utf-8")
            if len(html) > PAGE_BUDGET:  # checked, not hoped for: the Pages job and every reader pay for it
                raise DataError(
                    f"{page.path}: trang {len(html) // 1024} KB, quá ngân sách {PAGE_BUDGET // 1024} KB "
                    "một trang; hãy rút ngắn nội dung quá dài trong dữ liệu (trang web không được ghi)."
                )
            largest = max(largest, len(html))
            _write(work / page.path, html)
        _write(
            work / "assets" / "search-index.js", f"window.KEHOACH_INDEX = {script_json(index)};\n".encode()
        )
        for name in ("site.css", "site.js"):
            _write(work / "assets" / name, (folder / name).read_bytes())
        for path, content in (files | extra).items():
            _write(work / path, content)
        _write(work / MARKER, f"kehoach {__version__}\n".encode())
        _write(work / ".nojekyll", b"")  # GitHub Pages: serve the files as they are
        put_folder(work, output)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise WriteError(
            f"Không ghi được trang web vào «{output}»: {os_message(exc)}; không có gì bị ghi dở."
        ) from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        _UNDER[:] = [None, {}]  # the downloads are written: let them go
    return {"pages": count, "files": len(files) + len(extra) - len(manual or ()), "largest": largest}


OPEN = "du-lieu/"
MANUAL = "huong-dan/"  # the manual (docs/, built by MkDocs), when the site is built with it


def _open_data(
    given: OpenData, found: Plan | Register, as_of: dt.date, files: dict[str, bytes]
) -> tuple[dict[str, bytes], Page]:
    """The files of `du-lieu/` (the database, the data package, the catalogue) and the page listing them."""
    from kehoach.answer.open_data import BY_NAME, VIEWS
    from kehoach.files.git import data_commit
    from kehoach.show.dcat import Download, catalogue
    from kehoach.show.exports import database, package, publisher

    register = given.register
    plans = list(register.plans.values())
    commit = data_commit(register.root)  # asked once, for the database and the package
    database_file = database(register, as_of, commit)
    package_files = package(register, as_of, commit)
    extra = {f"{OPEN}kehoach.sqlite": database_file}
    extra |= {f"{OPEN}goi-du-lieu/{name}": content for name, content in package_files.items()}
    listed = [
        Download("kehoach.sqlite", "Cơ sở dữ liệu SQLite: mọi bảng, khóa, khung nhìn", len(database_file))
    ]
    listed.append(
        Download(
            "goi-du-lieu/datapackage.json",
            "Gói dữ liệu Frictionless: mô tả bảng, kiểu, khóa",
            len(package_files["datapackage.json"]),
        )
    )
    listed += [
        Download(f"goi-du-lieu/{name}", BY_NAME[name[: -len(".csv")]].title + " (CSV)", len(content))
        for name, content in package_files.items()
        if name.endswith(".csv")
    ]
    by_plan = {}
    for plan in plans:
        base = plan_base(plan.id) if isinstance(found, Register) else ""
        own = [
            Download(f"../{path}", path.rsplit("/", 1)[-1], len(files[path]))
            for path in _files_under(files, base)  # the plan's own downloads, grouped once
            if not path.endswith((".docx", ".xlsx"))
        ]
        by_plan[plan.id] = (f"../{base}index.html", own)
    extra[f"{OPEN}catalog.jsonld"] = catalogue(
        plans,
        publisher(plans),
        listed,
        by_plan,
        given.changed,
        given.base_url,
    )
    shown = [
        *listed,
        Download(
            "catalog.jsonld",
            "Danh mục DCAT (JSON-LD) cho cổng dữ liệu mở",
            len(extra[f"{OPEN}catalog.jsonld"]),
        ),
    ]
    context = {
        "plans": len(plans),
        "tasks": sum(len(p.tasks) for p in plans),
        "agencies": len(register.agencies),
        "files": [
            {"href": d.path, "name": d.path.rsplit("/", 1)[-1], "title": d.title, "size": _size(d.size)}
            for d in shown
        ],
        "views": [{"name": name, "title": title} for name, (title, _) in VIEWS.items()],
    }
    return extra, Page(f"{OPEN}index.html", "opendata.html.j2", context)


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} B"


def _site_parts(
    found: Plan | Register, as_of: dt.date, downloads: bool, data_date: str | None
) -> tuple[Iterator[Page], dict[str, bytes], list[dict[str, Any]], Callable[[Page], dict[str, Any]]]:
    """The pages, the downloads, the search index and what every page shows around its content, for a
    plan's site or a register's."""
    common = {
        "version": __version__,
        "data_date": data_date or "không rõ (không phải kho git)",
        "as_of": as_of.strftime("%d/%m/%Y"),
        "open_data": False,  # a link to du-lieu/ when the site has it (build_site)
        "manual": False,  # a link to huong-dan/ when the site has the manual (build_site)
    }
    if not isinstance(found, Register):
        years = site_years(found, as_of)
        single = {
            **common,
            "register": False,
            "plan_base": "",
            "plan_title": found.info.title,
            "years": years,
        }
        own = _downloads(found, as_of) if downloads else {}
        return pages(found, as_of), own, search_index(found, as_of), lambda page: single
    from kehoach.answer.site_register import register_pages

    plans = list(found.plans.values())
    files: dict[str, bytes] = {}
    for plan in plans:  # the light downloads: Word, Excel and forms of hundreds of plans would take hours
        files |= {
            plan_base(plan.id) + k: v
            for k, v in (_downloads(plan, as_of, light=True) if downloads else {}).items()
        }
    by_base = {plan_base(p.id): p for p in plans}
    years_of = {base: site_years(plan, as_of) for base, plan in by_base.items()}

    def around(page: Page) -> dict[str, Any]:
        base = next((b for b in by_base if page.path.startswith(b)), "")
        plan = by_base.get(base)
        return {
            **common,
            "register": True,
            "plan_base": base,
            "plan_title": plan.info.title if plan else "Sổ kế hoạch của UBND Thành phố Hà Nội",
            "years": years_of.get(base, []),
        }

    return register_pages(found, as_of), files, search_index(plans[0], as_of, plans), around


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _render(env: Any, page: Page, common: dict[str, Any], files: dict[str, bytes]) -> str:
    depth = page.path.count("/")
    root = "../" * depth
    template = env.get_template(page.template)
    values = {
        **common,
        **page.context,
        "root": root,
        "here": page.path,
        "downloads": [
            _download(path, files)
            for path in _files_under(files, common["plan_base"])
            if _belongs(path, page, common["plan_base"])
        ],
    }
    text: str = template.render(values)
    return text


_UNDER: list[Any] = [None, {}]  # the site's files (held, so that no other dict is taken for it), by base


def _files_under(files: dict[str, bytes], base: str) -> list[str]:
    """The downloads of one plan of the site (all of them for a plan's own site), sorted, listed once:
    each page then looks at its plan's files, not at every file of the register."""
    if _UNDER[0] is not files:
        grouped: dict[str, list[str]] = {}
        for path in sorted(files):
            grouped.setdefault(_base_of(path), []).append(path)
        _UNDER[:] = [files, grouped]
    found: list[str] = _UNDER[1].get(base, [])
    return found


def _base_of(path: str) -> str:
    return "/".join(path.split("/")[:2]) + "/" if path.startswith("ke-hoach/") else ""


_KINDS = {
    ".docx": "Word",
    ".md": "Markdown",
    ".xlsx": "Excel",
    ".csv": "CSV",
    ".ics": "Lịch (iCalendar)",
}


def _download(path: str, files: dict[str, bytes]) -> dict[str, Any]:
    name = path.rsplit("/", 1)[-1]
    size = len(files[path])
    return {
        "path": path,
        "name": name,
        "kind": _KINDS.get(Path(name).suffix, Path(name).suffix),
        "size": _size(size),
    }


def _belongs(path: str, page: Page, base: str = "") -> bool:
    """Which downloads a page links to: the home page the plan-wide ones and the latest year's, a year
    page its year's, an agency page its own form; the continuation of a long listing none. In a
    register's site, a plan's pages link to that plan's files (under its `base`) only."""
    if not path.startswith(base):
        return False
    path = path[len(base) :]
    context = page.context
    if context.get("across"):
        return False
    if context.get("part", {}).get("number", 1) > 1:
        return False
    if page.template == "home.html.j2":
        return path.startswith("tai-ve/chung/")
    if page.template == "year.html.j2":
        return path.startswith(f"tai-ve/{context['year']}/") and "/bieu-mau/" not in path
    if page.template == "agency.html.j2":
        return "/bieu-mau/" in path and path.rsplit("/", 1)[-1].split("-", 3)[-1] == f"{context['id']}.xlsx"
    return False


def _downloads(plan: Plan, as_of: dt.date, light: bool = False) -> dict[str, bytes]:
    """The files the pages link to, built now: only these are linked. `light` (a plan of a register's
    site): the text formats only — CSV, Markdown, iCalendar — without the Excel and Word files and the
    blank forms, which the plan's own site (`site --plan`) and `kehoach form` still make."""
    from kehoach.answer.consolidated import build_context
    from kehoach.answer.deadlines import deadlines, plan_years
    from kehoach.answer.forms import form_agencies, form_content, form_file_name
    from kehoach.answer.queries import matrix_listing
    from kehoach.answer.status import status_listing
    from kehoach.show.calendar import calendar_bytes
    from kehoach.show.formats import content
    from kehoach.show.templates import DOCX_TEMPLATE, MD_TEMPLATE, find_template, render_docx, render_markdown
    from kehoach.show.xlsx import listing_workbook

    files: dict[str, bytes] = {}
    matrix = matrix_listing(plan, as_of)
    if not light and len(matrix.rows) * len(matrix.columns) <= MATRIX_XLSX_CELLS:  # beyond: CSV only
        files["tai-ve/chung/ma-tran-trach-nhiem.xlsx"] = listing_workbook(matrix)
    files["tai-ve/chung/ma-tran-trach-nhiem.csv"] = str(content(matrix, "csv")).encode("utf-8-sig")
    events = deadlines(plan, plan_years(plan, as_of), None)
    files["tai-ve/chung/lich-bao-cao.ics"] = calendar_bytes(events, "Hạn báo cáo Kế hoạch hợp tác")
    years = site_years(plan, as_of)
    for year in years:
        base = f"tai-ve/{year}"
        listing = status_listing(plan, year, as_of, every=True)
        if not light:
            files[f"{base}/tinh-hinh-bao-cao-{year}.xlsx"] = listing_workbook(listing)
        files[f"{base}/tinh-hinh-bao-cao-{year}.csv"] = str(content(listing, "csv")).encode("utf-8-sig")
        dated = plan.consolidated[year].dated if year in plan.consolidated else None
        cutoff = min(as_of, dated) if dated else as_of
        context = build_context(plan, year, cutoff, dated)
        files[f"{base}/bao-cao-tong-hop-{year}.md"] = render_markdown(
            context, find_template(MD_TEMPLATE, None)
        ).encode("utf-8")
        if not light:
            files[f"{base}/bao-cao-tong-hop-{year}.docx"] = render_docx(
                context, find_template(DOCX_TEMPLATE, None)
            )
    if years and not light:
        year = years[-1]
        chosen = form_agencies(plan, year, None)
        contents = [form_content(plan, year, agency) for agency in chosen]
        for agency, book in zip(chosen, _in_parallel(_site_form, contents), strict=True):
            files[f"tai-ve/{year}/bieu-mau/{form_file_name(year, agency)}"] = bytes(book)
    return files


def _site_form(form: Any) -> bytes:
    """A blank form as the public site offers it: signed with the public site key, which `import` reports
    as downloaded from the site, not sent by the office (files/formkey.py)."""
    from kehoach.files.formkey import SITE
    from kehoach.show.form import form_workbook

    return form_workbook(form, SITE)


def _in_parallel(build: Any, items: list[Any]) -> list[Any]:
    """`build` of every item, on every CPU when there are many (openpyxl spends most of a form's time in
    Python: 143 forms take 1.9 s on one CPU); in order, and in this process when fork is not available."""
    import multiprocessing

    workers = min(os.cpu_count() or 1, 8)
    if len(items) < 32 or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [build(item) for item in items]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(build, items, chunksize=max(1, len(items) // (workers * 4))))
