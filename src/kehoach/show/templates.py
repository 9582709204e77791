"""Render the consolidated report through the templates in templates/ (Markdown, Word).

    context ──jinja2──▶ .md        (templates/report.md.j2)
    context ──docxtpl─▶ .docx      (templates/report.docx)

Templates are strict: a variable the template needs and the data lacks is an
error naming the template and line, never a blank. Data is only ever a value:
it is escaped for its format (Markdown, or XML in Word) and never evaluated as
a template.

Templates are code, so they are trusted only from kehoach itself: a data
folder's templates/ is never picked up on its own (a pull request could add
one, and a .docx is binary: no reviewer reads it); another template is used
only when named with --template, and every template, shipped or named, renders
in jinja2's immutable sandbox with no access to files, other templates or
Python internals. A named template is capped in size (a .docx also in what it
unpacks to).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Any

from kehoach.errors import TemplateError, UsageError

MD_TEMPLATE = "report.md.j2"
DOCX_TEMPLATE = "report.docx"
REMINDER_TEMPLATE = "reminder.docx"


MAX_TEMPLATE = 5 * 1024 * 1024  # bytes of a template file
MAX_UNPACKED = 50 * 1024 * 1024  # bytes a .docx template may unpack to


def template_dirs() -> list[Path]:
    """Where kehoach's own templates are: kehoach/templates in a wheel, templates/ in a checkout."""
    package = Path(__file__).resolve().parent.parent
    return [package / "templates", package.parent.parent / "templates"]


def find_template(name: str, given: Path | None) -> Path:
    """`given` (checked) when named, else kehoach's own template `name`; never the data folder's."""
    if given is None:
        for folder in template_dirs():
            if (folder / name).is_file():
                return folder / name
        raise UsageError(f"Không tìm thấy mẫu {name} của kehoach; hãy cài lại kehoach.")
    import stat

    try:
        info = given.stat()
    except OSError:
        raise UsageError(f"Không tìm thấy mẫu {given}.") from None
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"Mẫu {given} không phải tệp thường.")
    if info.st_size > MAX_TEMPLATE:
        raise UsageError(
            f"Mẫu {given} lớn hơn {MAX_TEMPLATE // 1024 // 1024} MB; mẫu báo cáo không cần lớn như vậy."
        )
    if given.suffix.lower() == ".docx":
        _check_archive(given)
    return given


def _check_archive(path: Path) -> None:
    """A .docx is a zip: refuse one that is not, is macro-enabled, or unpacks to too much."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UsageError(f"Mẫu {path} không phải tệp Word (.docx) hợp lệ.") from None
    if sum(m.file_size for m in members) > MAX_UNPACKED or len(members) > 10_000:
        raise UsageError(f"Mẫu {path} giải nén ra quá lớn; không dùng.")
    if any(m.filename.lower().endswith("vbaproject.bin") for m in members):
        raise UsageError(f"Mẫu {path} có macro (VBA); không dùng mẫu có macro.")


def sandbox(**options: Any) -> Any:
    """jinja2's immutable sandbox, strict about missing variables (the report, the letter and the site)."""
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, **options)


_COMPILED: dict[tuple[str, str], Any] = {}  # (template path, its source) -> the compiled template


def render_markdown(context: dict[str, Any], template: Path) -> str:
    """The report as Markdown, every value escaped so that it shows as written. The template is compiled
    once per process for the same source (a register's site renders hundreds of reports)."""
    import jinja2

    source = template.read_text(encoding="utf-8-sig", errors="replace")
    try:
        compiled = _COMPILED.get((str(template), source))
        if compiled is None:
            compiled = _COMPILED[(str(template), source)] = _markdown_env(template, source).get_template(
                template.name
            )
        text: str = compiled.render(**context)
        return text
    except jinja2.TemplateError as exc:
        raise _template_error(template, exc) from None


def _markdown_env(template: Path, source: str) -> Any:
    import jinja2

    from kehoach.escape import md_cell, md_text

    env = sandbox(
        # only this file: no include or import of any other
        loader=jinja2.FunctionLoader(
            lambda name: (source, str(template), lambda: True) if name == template.name else None
        ),
        autoescape=False,
        keep_trailing_newline=True,
    )
    env.filters["md"] = lambda value: md_text(str(value))
    env.filters["cell"] = lambda value: md_cell(value)
    return env


def render_docx(context: dict[str, Any], template: Path, final: bool = False) -> bytes:
    """The report as a Word document (docxtpl with autoescape: &, <, > in data stay valid XML), with its
    core properties (title, author = the issuer, created = now) and the letterhead rule fitted; unless
    `final`, the context's review notes as Word comments on the words they are about (show/review.py)."""
    import datetime as dt

    import jinja2

    document = _template_class()(str(template))
    env = sandbox(autoescape=True)
    data = {**context, "layout": {"issuer_rule": issuer_rule(str(context.get("issuer", "")))}}
    try:
        document.render(data, env, autoescape=True)
    except jinja2.TemplateError as exc:
        raise _template_error(template, exc) from None
    core = document.docx.core_properties
    wanted = context.get("properties") or {}
    core.title = str(wanted.get("title", core.title))[:255]
    core.author = str(wanted.get("author", core.author))[:255]
    core.created = core.modified = dt.datetime.now(dt.UTC).replace(microsecond=0)
    if not final:
        from kehoach.show.review import add_comments, notes_of

        add_comments(document.docx, notes_of(context))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _template_class() -> type[Any]:
    """docxtpl without two passes a document rarely needs: turning newlines and tabs in the data into Word
    breaks when the rendered text has none, and re-balancing table grids when the template has no column
    tags ({%tc %}, colspan, hm, vm). Together half the time of a 2,000-task report."""
    import re

    from docxtpl import DocxTemplate
    from lxml import etree  # type: ignore[import-untyped]

    columns = re.compile(r"\{%-?\s*(?:tc\b|colspan|hm\b|vm\b)")

    class Template(DocxTemplate):  # type: ignore[misc]
        column_tags = False

        def patch_xml(self, src_xml: str) -> str:
            self.column_tags = self.column_tags or bool(columns.search(src_xml))
            return str(super().patch_xml(src_xml))

        def resolve_listing(self, xml: str) -> str:
            if not any(ch in xml for ch in "\n\t\a\f"):
                return xml
            return str(super().resolve_listing(xml))

        def fix_tables(self, xml: str) -> Any:
            if self.column_tags:
                return super().fix_tables(xml)
            return etree.fromstring(xml, parser=etree.XMLParser(recover=True))

    return Template


# The rules under the issuing body in the Word templates, short to long in cm (one of each is drawn by
# templates/build_docx_template.py), and about how wide a name in capitals, Times New Roman 13 bold, is.
ISSUER_RULES = (1.4, 2.0, 2.6)
CAPITAL_CM = 0.275


def issuer_rule(issuer: str) -> int:
    """Which rule goes under `issuer`: the one nearest 45 % of the name's width (NĐ30 practice: ⅓–½)."""
    wanted = 0.45 * CAPITAL_CM * len(issuer)
    return min(range(len(ISSUER_RULES)), key=lambda i: abs(ISSUER_RULES[i] - wanted))


def _template_error(template: Path, exc: Exception) -> TemplateError:
    """What went wrong in a template, in Vietnamese, with the template's name and, for Markdown, its line
    (a .docx has no lines: the text around the tag is quoted instead)."""
    import jinja2
    from jinja2.exceptions import SecurityError

    if isinstance(exc, SecurityError):
        return TemplateError(f"{template}: {_FORBIDDEN}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(
            f"{template}: mẫu không được nạp tệp khác («{exc.name}»); hãy chép nội dung vào mẫu"
        )
    around = " ".join(getattr(exc, "docx_context", None) or []).strip()[:200]
    if isinstance(exc, jinja2.TemplateSyntaxError):
        what = jinja_message(exc.message)
        if around:
            return TemplateError(f"{template}: lỗi cú pháp mẫu ({what}) quanh: {around}")
        return TemplateError(f"{template}:{exc.lineno}: lỗi cú pháp mẫu: {what}")
    if isinstance(exc, jinja2.UndefinedError):
        where = f":{_template_line(template)}" if template.suffix.lower() != ".docx" else ""
        return TemplateError(f"{template}{where}: {_undefined(exc)}")
    message = exc.message if isinstance(exc, jinja2.TemplateError) else str(exc)
    return TemplateError(f"{template}: {jinja_message(message)}")


_FORBIDDEN = (
    "mẫu dùng thao tác không được phép (truy cập thuộc tính nội bộ, gọi hàm, sửa dữ liệu); mẫu chỉ được "
    "hiển thị các biến của báo cáo"
)


def _undefined(exc: Exception) -> str:
    return (
        f"mẫu dùng {jinja_message(str(exc))}; hãy sửa mẫu hoặc xem biến của mẫu trong hướng dẫn "
        "(trang «Báo cáo tổng hợp năm»)"
    )


# jinja2's common messages, in Vietnamese (anything else is quoted as jinja2 words it)
_JINJA = (
    (r"'(.+)' is undefined", "biến «{0}» mà dữ liệu không có"),
    (r"'(.+)' has no attribute '(.+)'", "thuộc tính «{1}» mà «{0}» không có"),
    (r"unexpected '(.+)'", "ký tự «{0}» không đúng chỗ"),
    (r"unexpected end of template.*", "mẫu hết khi một khối ({{% if %}}, {{% for %}}) chưa đóng"),
    (r"expected token '(.+)', got '(.+)'", "cần «{0}» nhưng gặp «{1}»"),
    (r"Encountered unknown tag '(.+)'.*", "thẻ «{0}» không có trong jinja2"),
    (r"no filter named '(.+)'", "bộ lọc «{0}» không có"),
)


def jinja_message(message: str | None) -> str:
    import re

    text = " ".join((message or "").split())
    for pattern, vietnamese in _JINJA:
        match = re.fullmatch(pattern, text)
        if match:
            return vietnamese.format(*match.groups())
    return f"«{text}» (thông báo của jinja2)"


def _template_line(template: Path) -> int | str:
    """The line of `template` where rendering stopped, from the traceback jinja2 rewrites."""
    tb = sys.exc_info()[2]
    line: int | str = "?"
    target = os.path.abspath(template)
    while tb is not None:
        if os.path.abspath(tb.tb_frame.f_code.co_filename) == target:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
