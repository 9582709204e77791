"""Problems found in plan data: stable codes, the check each belongs to, severity.

A problem is an answer, not an exception: every check returns all it finds, with
the file and the path inside it; `validate` turns paths into lines and columns.
Codes are English kebab-case and stable (CI and editors parse them); messages
are Vietnamese and say what is wrong and how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
Path = tuple[str | int, ...]

# code -> (check, severity, short Vietnamese title): reading and schema codes here; each check
# registers its own (kehoach/check/registry.py)
CODES: dict[str, tuple[str, Severity, str]] = {
    # syntax: always run, a file that cannot be read stops its other checks
    "missing-file": ("syntax", "error", "thiếu tệp"),
    "not-utf8": ("syntax", "error", "tệp không phải UTF-8"),
    "empty-file": ("syntax", "error", "tệp rỗng"),
    "yaml-syntax": ("syntax", "error", "lỗi cú pháp YAML"),
    "yaml-tab": ("syntax", "error", "thụt lề bằng tab"),
    "yaml-hidden-break": ("syntax", "error", "ký tự ngắt dòng ẩn (U+2028, U+2029, NEL)"),
    "yaml-alias": ("syntax", "error", "dùng neo/bí danh YAML"),
    "yaml-tag": ("syntax", "error", "thẻ YAML không hỗ trợ"),
    "duplicate-key": ("syntax", "error", "khóa lặp lại"),
    "yaml-too-deep": ("syntax", "error", "khối lồng nhau quá sâu"),
    "unreadable-file": ("syntax", "error", "không đọc được tệp hoặc thư mục"),
    "not-a-file": ("syntax", "error", "không phải tệp thường"),
    "outside-data-folder": ("syntax", "error", "liên kết tới tệp ngoài thư mục dữ liệu"),
    "file-too-large": ("syntax", "error", "tệp quá lớn"),
    "bad-file-name": ("syntax", "error", "tên tệp có ký tự điều khiển"),
    # the register's layout: read with the files
    "bad-plan-id": ("syntax", "error", "tên thư mục kế hoạch không phải mã hợp lệ"),
    "mixed-layout": ("syntax", "error", "lẫn bố cục một kế hoạch và sổ kế hoạch"),
    "empty-register": ("syntax", "error", "sổ kế hoạch không có kế hoạch nào"),
    # schema
    "missing-field": ("schema", "error", "thiếu trường bắt buộc"),
    "unknown-field": ("schema", "error", "trường không có trong lược đồ"),
    "wrong-type": ("schema", "error", "sai kiểu dữ liệu"),
    "invalid-value": ("schema", "error", "giá trị không hợp lệ"),
}

# The checks that can be chosen with `validate --check`, in order (schema first: the others need it).
CHECKS: tuple[str, ...] = (
    "schema",
    "references",
    "unique-ids",
    "unique-names",
    "lineage",
    "reports",
    "text",
    "plans",
)


def register(check: str, codes: dict[str, tuple[Severity, str]]) -> None:
    """Add a check's codes (kehoach/check/<name>.py holds them beside the messages)."""
    for code, (severity, title) in codes.items():
        CODES[code] = (check, severity, title)


@dataclass(frozen=True)
class Problem:
    """One finding: code, file (relative to the data folder), where, and what to do."""

    code: str
    file: str
    message: str
    path: Path = ()
    line: int | None = None
    column: int | None = None
    at_key: bool = field(default=False, compare=False)

    @property
    def check(self) -> str:
        return CODES[self.code][0]

    @property
    def severity(self) -> Severity:
        return CODES[self.code][1]

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }
