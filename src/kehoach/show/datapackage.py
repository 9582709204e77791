"""The register as a Frictionless Data Package (`kehoach export datapackage`): one CSV per table of
answer/open_data.py (UTF-8, comma, CRLF as RFC 4180 writes it, empty cell for no value) and a
`datapackage.json` with each table's Table Schema — types, titles and descriptions in Vietnamese,
primary and foreign keys — the licence and the sources. The same data gives the same bytes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from kehoach import __version__
from kehoach.answer.open_data import Table, rows
from kehoach.model.views import Plan
from kehoach.tuples import Any

NAME = "kehoach-so-ke-hoach-ha-noi"
TITLE = "Sổ kế hoạch của UBND Thành phố Hà Nội: nhiệm vụ, cơ quan, phân công và báo cáo"
DESCRIPTION = (
    "Các kế hoạch của UBND Thành phố Hà Nội chép nguyên văn thành dữ liệu: nhiệm vụ, thời hạn và bốn nhóm "
    "tình trạng của Văn phòng Chính phủ, danh mục cơ quan và quá trình sắp xếp năm 2025, phân công theo "
    "văn bản và theo cơ quan thực hiện vào ngày xuất, các báo cáo đã nhận. Điều nguồn chưa xác nhận được "
    "ghi rõ (cột confidence). Báo cáo minh họa (fictitious = true) không phải báo cáo thật."
)
# NĐ 47/2020/NĐ-CP: open data is free to reuse with attribution. No licence text has been issued for
# this data by the City; the Open Definition's "Other (Attribution)" says exactly that, no more.
LICENSE = {
    "name": "other-at",
    "path": "https://opendefinition.org/licenses/other-at/",
    "title": "Dữ liệu mở theo Nghị định 47/2020/NĐ-CP: được tự do sử dụng, phải ghi nguồn",
}


def csv_bytes(table: Table, found: list[tuple[Any, ...]]) -> bytes:
    """One table as CSV: a header of field names, then the rows; booleans true/false, no value empty."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f.name for f in table.fields])
    for row in found:
        writer.writerow(
            ["" if v is None else ("true" if v else "false") if isinstance(v, bool) else v for v in row]
        )
    return out.getvalue().encode("utf-8")


def schema(table: Table) -> dict[str, Any]:
    """The Table Schema of `table`."""
    fields = []
    for f in table.fields:
        field: dict[str, Any] = {"name": f.name, "type": f.type, "title": f.title}
        if f.description:
            field["description"] = f.description
        if f.required:
            field["constraints"] = {"required": True}
        if f.type == "boolean":
            field["trueValues"], field["falseValues"] = ["true"], ["false"]
        fields.append(field)
    found: dict[str, Any] = {"fields": fields, "missingValues": [""], "primaryKey": list(table.key)}
    if table.references:
        found["foreignKeys"] = [
            {
                "fields": list(fk.fields),
                "reference": {"resource": fk.table, "fields": list(fk.columns)},
            }
            for fk in table.references
        ]
    return found


def package_files(plans: list[Plan], on: dt.date, source: str, commit: str | None) -> dict[str, bytes]:
    """The data package's files by name: every table's CSV, then datapackage.json."""
    files: dict[str, bytes] = {}
    resources = []
    for table, found in rows(plans, on):
        path = f"{table.name}.csv"
        files[path] = csv_bytes(table, found)
        resources.append(
            {
                "profile": "tabular-data-resource",
                "name": table.name,
                "path": path,
                "title": table.title,
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "schema": schema(table),
            }
        )
    package = {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "version": __version__,
        "keywords": ["kế hoạch", "nhiệm vụ", "Hà Nội", "UBND Thành phố", "phân công", "báo cáo"],
        "licenses": [LICENSE],
        "sources": [{"title": source}],
        "kehoach": {"as_of": on.isoformat(), "data_commit": commit},
        "resources": resources,
    }
    files["datapackage.json"] = (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files
