"""The site's DCAT catalogue (`du-lieu/catalog.jsonld`, JSON-LD), which CKAN's ckanext-dcat, DKAN and
DCAT-VN tools harvest from its URL: one `dcat:Dataset` for the register (distributions: the SQLite file,
the data package and each of its tables) and one per plan (distributions: the plan's files on the site),
each with its landing page, issue date and the date of the last commit that changed it.

Field choices follow DCAT-AP 3 (dct:title, dct:description, dct:publisher, dct:issued, dct:modified,
dct:language, dct:license, dcat:keyword, dcat:landingPage; dcat:downloadURL, dcat:mediaType, dct:format,
dcat:byteSize on distributions). Titles carry the language tag "vi". IRIs are relative to the
catalogue's own URL unless the site is built with a base URL, so the file is right wherever it is
served; no contact point is given, since no source gives an address for one.
"""

from __future__ import annotations

import datetime as dt
import json

from kehoach.model.views import Plan
from kehoach.show.datapackage import DESCRIPTION, LICENSE, TITLE
from kehoach.tuples import Any, NamedTuple

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
IANA = "https://www.iana.org/assignments/media-types/"
VIETNAMESE = "http://publications.europa.eu/resource/authority/language/VIE"
MEDIA = {
    ".csv": "text/csv",
    ".json": "application/json",
    ".sqlite": "application/vnd.sqlite3",
    ".ics": "text/calendar",
    ".md": "text/markdown",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FORMAT = {".csv": "CSV", ".json": "JSON", ".sqlite": "SQLite", ".ics": "iCalendar", ".md": "Markdown",
          ".xlsx": "XLSX", ".docx": "DOCX"}  # fmt: skip


class Download(NamedTuple):
    path: str  # relative to the catalogue's folder
    title: str
    size: int


def _vi(text: str) -> dict[str, str]:
    return {"@value": text, "@language": "vi"}


def _date(day: dt.date | None) -> dict[str, str] | None:
    return {"@value": day.isoformat(), "@type": "xsd:date"} if day else None


def _distribution(item: Download) -> dict[str, Any]:
    suffix = "." + item.path.rsplit(".", 1)[-1]
    return {
        "@id": f"{item.path}#distribution",
        "@type": "dcat:Distribution",
        "dct:title": _vi(item.title),
        "dcat:downloadURL": {"@id": item.path},
        "dcat:accessURL": {"@id": item.path},
        "dcat:mediaType": {"@id": IANA + MEDIA.get(suffix, "application/octet-stream")},
        "dct:format": FORMAT.get(suffix, suffix[1:].upper()),
        "dcat:byteSize": {"@value": str(item.size), "@type": "xsd:nonNegativeInteger"},
        "dct:license": {"@id": LICENSE["path"]},
    }


def _clean(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if v not in (None, [], "")}


def catalogue(
    plans: list[Plan],
    publisher: str,
    register: list[Download],
    by_plan: dict[str, tuple[str, list[Download]]],
    changed: dict[str, dt.date],
    base_url: str | None = None,
) -> bytes:
    """The catalogue as JSON-LD bytes. `register`: the register's files; `by_plan`: plan id -> (its landing
    page, its files); `changed`: the last change of each plan ("" : of the data), from git."""
    agent = {"@type": "foaf:Agent", "foaf:name": _vi(publisher)}
    license_ = {"@id": LICENSE["path"]}
    datasets = [
        _clean(
            {
                "@id": "#so-ke-hoach",
                "@type": "dcat:Dataset",
                "dct:identifier": "so-ke-hoach",
                "dct:title": _vi(TITLE),
                "dct:description": _vi(DESCRIPTION),
                "dct:publisher": agent,
                "dct:language": {"@id": VIETNAMESE},
                "dct:license": license_,
                "dct:modified": _date(changed.get("")),
                "dcat:keyword": [_vi(k) for k in ("kế hoạch", "nhiệm vụ", "phân công", "Hà Nội")],
                "dcat:landingPage": {"@id": "index.html"},
                "dct:hasPart": [{"@id": f"#{p.id}"} for p in plans],
                "dcat:distribution": [_distribution(d) for d in register],
            }
        )
    ]
    for plan in plans:
        page, files = by_plan[plan.id]
        info = plan.info
        datasets.append(
            _clean(
                {
                    "@id": f"#{plan.id}",
                    "@type": "dcat:Dataset",
                    "dct:identifier": plan.id,
                    "dct:title": _vi(info.title),
                    "dct:description": _vi(
                        f"Kế hoạch {info.number or '(số chưa ghi)'} của {publisher}: "
                        f"{len(plan.tasks)} nhiệm vụ, thời gian thực hiện {info.period.text.rstrip('.')}."
                    ),
                    "dct:publisher": agent,
                    "dct:language": {"@id": VIETNAMESE},
                    "dct:license": license_,
                    "dct:issued": _date(info.dated),
                    "dct:modified": _date(changed.get(plan.id) or changed.get("")),
                    "dct:isPartOf": {"@id": "#so-ke-hoach"},
                    "dcat:landingPage": {"@id": page},
                    "dcat:distribution": [_distribution(d) for d in files],
                }
            )
        )
    context: dict[str, Any] = dict(CONTEXT)
    if base_url:
        context["@base"] = base_url.rstrip("/") + "/du-lieu/"
    found = {
        "@context": context,
        "@id": "catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": _vi("Dữ liệu mở: " + TITLE),
        "dct:description": _vi(DESCRIPTION),
        "dct:publisher": agent,
        "dct:language": {"@id": VIETNAMESE},
        "dct:license": license_,
        "dct:modified": _date(changed.get("")),
        "foaf:homepage": {"@id": "../index.html"},
        "dcat:dataset": datasets,
    }
    return (json.dumps(_clean(found), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
