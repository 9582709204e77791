"""Render the consolidated report through the templates in templates/ (Markdown, Word).

    context ──jinja2──▶ .md        (templates/report.md.j2)
    context ──docxtpl─▶ .docx      (templates/report.docx)

Templates are strict: a variable the template needs and the data lacks is an
error naming the template and line, never a blank. Data is only ever a value:
it is escaped for its format (Markdown, or XML in Word) and never evaluated as
a template.
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


def template_dirs(root: Path) -> list[Path]:
    """Where templates are looked for: the data folder's templates/, then the ones shipped with kehoach."""
    package = Path(__file__).resolve().parent.parent  # kehoach/: an installed wheel has kehoach/templates
    return [root / "templates", package / "templates", package.parent.parent / "templates"]


def find_template(root: Path, name: str, given: Path | None) -> Path:
    if given is not None:
        if not given.is_file():
            raise UsageError(f"Không tìm thấy mẫu {given}.")
        return given
    for folder in template_dirs(root):
        if (folder / name).is_file():
            return folder / name
    raise UsageError(f"Không tìm thấy mẫu {name} trong templates/.")


def render_markdown(context: dict[str, Any], template: Path) -> str:
    """The report as Markdown, every value escaped so that it shows as written."""
    import jinja2

    from kehoach.escape import md_cell, md_text

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template.parent)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )
    env.filters["md"] = lambda value: md_text(str(value))
    env.filters["cell"] = lambda value: md_cell(value)
    try:
        return env.get_template(template.name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"{template}:{exc.lineno}: lỗi cú pháp mẫu: {jinja_message(exc.message)}"
        ) from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{template}:{_template_line(template)}: {_undefined(exc)}") from None


def render_docx(context: dict[str, Any], template: Path) -> bytes:
    """The report as a Word document (docxtpl with autoescape: &, <, > in data stay valid XML)."""
    import jinja2
    from docxtpl import DocxTemplate

    document = DocxTemplate(str(template))
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    try:
        document.render(context, env, autoescape=True)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"{template}: lỗi cú pháp mẫu ({jinja_message(exc.message)}) quanh: "
            f"{' '.join(getattr(exc, 'docx_context', []) or []).strip()[:200]}"
        ) from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{template}: {_undefined(exc)}") from None
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _undefined(exc: Exception) -> str:
    return f"mẫu dùng {jinja_message(str(exc))}; hãy sửa mẫu hoặc xem tên biến trong README"


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
