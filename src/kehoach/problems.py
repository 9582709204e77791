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

# code -> (check, severity, short Vietnamese title)
CODES: dict[str, tuple[str, Severity, str]] = {
    # syntax: always run, a file that cannot be read stops its other checks
    "missing-file": ("syntax", "error", "thiếu tệp"),
    "not-utf8": ("syntax", "error", "tệp không phải UTF-8"),
    "empty-file": ("syntax", "error", "tệp rỗng"),
    "yaml-syntax": ("syntax", "error", "lỗi cú pháp YAML"),
    "yaml-tab": ("syntax", "error", "thụt lề bằng tab"),
    "yaml-alias": ("syntax", "error", "dùng neo/bí danh YAML"),
    "yaml-tag": ("syntax", "error", "thẻ YAML không hỗ trợ"),
    "duplicate-key": ("syntax", "error", "khóa lặp lại"),
    # schema
    "missing-field": ("schema", "error", "thiếu trường bắt buộc"),
    "unknown-field": ("schema", "error", "trường không có trong lược đồ"),
    "wrong-type": ("schema", "error", "sai kiểu dữ liệu"),
    "invalid-value": ("schema", "error", "giá trị không hợp lệ"),
    # references
    "unknown-agency": ("references", "error", "mã cơ quan không có trong danh mục"),
    "unknown-sector": ("references", "error", "lĩnh vực không tồn tại"),
    "unknown-basis": ("references", "error", "căn cứ pháp lý không tồn tại"),
    "duplicate-assignment": ("references", "error", "cơ quan được phân công hai lần"),
    # unique ids
    "duplicate-agency-id": ("unique-ids", "error", "mã cơ quan trùng"),
    "duplicate-task-id": ("unique-ids", "error", "số thứ tự nhiệm vụ trùng"),
    "duplicate-sector-id": ("unique-ids", "error", "mã lĩnh vực trùng"),
    "duplicate-duty-id": ("unique-ids", "error", "mã nhiệm vụ thường xuyên trùng"),
    "duplicate-basis-id": ("unique-ids", "error", "mã căn cứ pháp lý trùng"),
    # unique names
    "duplicate-name": ("unique-names", "error", "tên hoặc tên gọi khác trùng nhau"),
    "redundant-alias": ("unique-names", "warning", "tên gọi khác thừa"),
    # lineage
    "unknown-successor": ("lineage", "error", "cơ quan kế thừa không có trong danh mục"),
    "lineage-date-order": ("lineage", "error", "ngày hiệu lực không theo thứ tự"),
    "successor-without-end": ("lineage", "error", "có cơ quan kế thừa nhưng thiếu ngày kết thúc"),
    "successor-not-in-force": ("lineage", "error", "cơ quan kế thừa chưa/không còn tồn tại"),
    "lineage-cycle": ("lineage", "error", "vòng lặp kế thừa"),
    # reports
    "report-path-mismatch": ("reports", "error", "tệp báo cáo đặt sai chỗ hoặc sai tên"),
    "year-out-of-period": ("reports", "error", "năm ngoài thời gian thực hiện Kế hoạch"),
    "received-before-dated": ("reports", "error", "ngày nhận trước ngày văn bản"),
    "agency-not-in-force": ("reports", "error", "cơ quan không tồn tại vào thời điểm báo cáo"),
    "unknown-task": ("reports", "error", "nhiệm vụ không có trong Kế hoạch"),
    "unknown-status": ("reports", "error", "trạng thái tiến độ không có trong danh mục"),
    "duplicate-task-entry": ("reports", "error", "một nhiệm vụ được báo cáo hai lần"),
    "not-focal-agency": ("reports", "warning", "báo cáo tổng hợp không do cơ quan đầu mối lập"),
    # text hygiene
    "not-nfc": ("text", "warning", "văn bản không ở dạng NFC"),
    "html-remnant": ("text", "error", "còn thẻ HTML"),
    "stray-whitespace": ("text", "warning", "khoảng trắng thừa"),
}

CHECKS: tuple[str, ...] = ("schema", "references", "unique-ids", "unique-names", "lineage", "reports", "text")


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
