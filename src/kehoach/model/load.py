"""Load plan/*.yaml into models, collecting every problem instead of stopping.

    plan/*.yaml ──read──▶ dict ──pydantic──▶ PlanInfo · TaskList · Roster ──▶ Plan

A file that cannot be read or does not fit its schema yields problems and no
model; the other files still load, so one run reports everything it can.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_origin

from pydantic import BaseModel, ValidationError

from kehoach.escape import visible
from kehoach.files import yamlread
from kehoach.files.layout import REPORTS_DIR, ROSTER, PlanFiles, one_plan, report_names
from kehoach.files.read import DataFileError, read_data_file
from kehoach.model.schema import FILES, OPTIONAL, Model, report_model
from kehoach.problems import Problem
from kehoach.text import is_nfc

ONE = one_plan()


@dataclass
class Loaded:
    """What loading found: raw data and models per file, and the problems."""

    root: Path
    raw: dict[str, Any] = field(default_factory=dict)
    models: dict[str, Model] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # For checks only: each file's model, or what of it is valid when it is not
    # (its list items that fit the schema), with the items' indices in the file.
    checkable: dict[str, Model] = field(default_factory=dict)
    origins: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    # In a register: this plan's id, and every plan's task ids (for PLAN#N); None for one plan alone.
    plan_id: str | None = None
    register: dict[str, set[int]] | None = None

    def items(self, file: str, key: str, items: list[Any]) -> Iterator[tuple[int, Any]]:
        """`items` of list `key` with each one's index in the file (partial models skip some)."""
        origin = self.origins.get((file, key))
        return zip(origin, items, strict=True) if origin is not None else enumerate(items)

    def written_ids(self, file: str, key: str) -> set[Any]:
        """Every `id` written in list `key`, valid item or not: a broken entry still exists,
        and a reference to it is not also reported as unknown."""
        data = self.raw.get(file)
        if isinstance(data, BaseModel):  # a big file validated in parts: every item is valid
            return {getattr(item, "id", None) for item in getattr(data, key, ())} - {None}
        items = data.get(key) if isinstance(data, dict) else None
        if not isinstance(items, list):
            return set()
        return {
            item.get("id")
            for item in items
            if isinstance(item, dict) and isinstance(item.get("id"), str | int)
        }

    def dump(self) -> dict[str, Any] | None:
        """The validated data of every file (defaults filled in), or None if a file failed.

        Plan files by name; reports under REPORTS_DIR as {file name: data}.
        """
        if any(name not in self.models for name in FILES):
            return None
        data: dict[str, Any] = {name: self.models[name].model_dump(mode="json") for name in FILES}
        data[REPORTS_DIR] = {
            name: model.model_dump(mode="json")
            for name, model in self.models.items()
            if name not in FILES and name not in OPTIONAL
        }
        data |= {name: self.models[name].model_dump(mode="json") for name in OPTIONAL if name in self.models}
        return data


def load(
    root: Path,
    sources: dict[str, bytes | None] | None = None,
    roster: Loaded | None = None,
    files: PlanFiles = ONE,
) -> Loaded:
    """Read and validate every plan file under `root` (or from `sources`, name -> bytes).

    `roster`: a load of another plan of the same register whose roster is taken as it is (read and
    validated once for every plan; its problems are that load's). `files`: where the plan's files are
    (read from there when there are no `sources`); inside, they keep their one-plan names."""
    loaded = Loaded(root, plan_id=files.id if files.register else None)
    if roster is not None:
        for store in ("raw", "models", "checkable"):
            if ROSTER in getattr(roster, store):
                getattr(loaded, store)[ROSTER] = getattr(roster, store)[ROSTER]
        loaded.origins |= {key: value for key, value in roster.origins.items() if key[0] == ROSTER}
    unlisted: list[DataFileError] = []
    reports = (
        [n for n in sources if n.startswith(REPORTS_DIR + "/")]
        if sources is not None
        else [files.logical(name) or name for name in report_names(root, unlisted, files.reports_dir)]
    )
    present = [
        (name, model)
        for name, model in OPTIONAL.items()
        if (
            sources.get(name) is not None
            if sources is not None
            else os.path.lexists(root / files.physical(name))
        )
    ]
    to_read = (
        [(name, model) for name, model in FILES.items()]
        + present
        + [(name, report_model(name)) for name in reports]
    )
    loaded.problems += [Problem(e.code, e.name, e.detail, (), 1, 1) for e in unlisted]
    for name, model in to_read:
        if roster is not None and name == ROSTER:
            continue
        data = read_file(root, name, loaded.problems, sources, files)
        if data is None:
            continue
        loaded.raw[name] = data
        try:
            whole = _validate_in_parts(data, model)
            if whole is not None:  # a big file: its raw items are gone, the model stands in for them
                loaded.raw[name] = whole
            loaded.models[name] = loaded.checkable[name] = whole or model.model_validate(data)
        except ValidationError as exc:
            loaded.problems.extend(schema_problems(name, data, model, exc))
            partial = _salvage(name, data, model, loaded)
            if partial is not None:
                loaded.checkable[name] = partial
    return loaded


BIG_LIST = 5_000  # items: lists longer than this are validated item by item, freeing each raw item


def _validate_in_parts(data: Any, model: type[Model]) -> Model | None:
    """The model of a file with a very long list (100,000 tasks), built so that the raw data and the
    models never both exist whole: each item is validated, then its raw dict is dropped. None when
    the file has no such list, or when an item or the rest does not fit — the raw data is then put
    back as it was validated, and the caller validates the whole file to report every problem."""
    if not isinstance(data, dict):
        return None
    big = [
        (key, item_model)
        for key, info in model.model_fields.items()
        if get_origin(info.annotation) is list
        and (item_model := next(iter(_models_in(info.annotation)), None)) is not None
        and isinstance(data.get(key), list)
        and len(data[key]) > BIG_LIST
    ]
    if not big:
        return None
    done: dict[str, list[Any]] = {}
    for key, item_model in big:
        items = data[key]
        out: list[Any] = []
        for i in range(len(items)):
            try:
                if not _all_nfc(items[i]):  # validation normalises text: the text check must see it first
                    raise ValueError
                out.append(item_model.model_validate(items[i]))
            except (ValidationError, ValueError):
                _restore(data, {**done, key: out})
                return None
            items[i] = None
        done[key] = out
    try:
        whole = model.model_validate({k: ([] if k in done else v) for k, v in data.items()})
    except ValidationError:
        _restore(data, done)
        return None
    for key, out in done.items():
        object.__setattr__(whole, key, out)  # frozen models: set once, before anyone reads them
    return whole


def _all_nfc(data: Any) -> bool:
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if not (value.isascii() or is_nfc(value)):
                return False
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return True


def _restore(data: dict[str, Any], done: dict[str, list[Any]]) -> None:
    """Put validated items back as raw data (as written: unset defaults left out)."""
    for name, out in done.items():
        items = data[name]
        for i, item in enumerate(out):
            items[i] = item.model_dump(exclude_unset=True)


def _salvage(name: str, data: Any, model: type[Model], loaded: Loaded) -> Model | None:
    """The file without its invalid list items, so one broken task hides no other problem."""
    if not isinstance(data, dict):
        return None
    partial = {key: value for key, value in data.items() if key in model.model_fields}
    for key, info in model.model_fields.items():
        item_model = next(iter(_models_in(info.annotation)), None)
        value = data.get(key)
        if item_model is None or not isinstance(value, list) or get_origin(info.annotation) is not list:
            continue
        keep = [i for i, item in enumerate(value) if _fits(item_model, item)]
        partial[key] = [value[i] for i in keep]
        loaded.origins[(name, key)] = keep
    try:
        return model.model_validate(partial)
    except ValidationError:
        return None


def _fits(model: type[BaseModel], item: Any) -> bool:
    try:
        model.model_validate(item)
    except ValidationError:
        return False
    return True


def read_file(
    root: Path,
    name: str,
    problems: list[Problem],
    sources: dict[str, bytes | None] | None = None,
    files: PlanFiles = ONE,
) -> Any:
    """One YAML file as data, or None after adding the problem to `problems`."""
    try:
        data = sources.get(name) if sources is not None else read_data_file(root, files.physical(name))
        if data is None:
            raise FileNotFoundError(name)
    except DataFileError as exc:
        problems.append(Problem(exc.code, name, exc.detail, (), 1, 1))
        return None
    except FileNotFoundError:
        problems.append(
            Problem(
                "missing-file",
                name,
                f"không tìm thấy tệp {files.physical(name)}; hãy tạo tệp "
                "này (xem hướng dẫn, trang «Dữ liệu trong plan/»)"
                " hoặc chỉ đúng thư mục dữ liệu bằng --data",
                (),
                1,
                1,
            )
        )
        return None
    try:
        text = yamlread.decode(data)
        del data  # the bytes are not needed once decoded: a big file is held once, not twice
        parsed = yamlread.load(text)
        if parsed is None:  # "~", "null" or an anchor on nothing: no data, said like an empty file
            raise yamlread.YamlError(
                "empty-file", "tệp không có dữ liệu (chỉ có null); hãy ghi nội dung theo lược đồ"
            )
        return parsed
    except yamlread.YamlError as exc:
        for line, column in ((exc.line, exc.column), *exc.also):
            problems.append(Problem(exc.code, name, exc.message, (), line, column))
        return None


# --- pydantic errors as problems -------------------------------------------------

_TYPE_NAMES = {
    "int": "số nguyên",
    "float": "số",
    "string": "chuỗi văn bản",
    "bool": "true hoặc false",
    "list": "danh sách (mỗi mục một dòng bắt đầu bằng «- »)",
    "dict": "một khối «khóa: giá trị»",
    "model": "một khối «khóa: giá trị»",
    "date": "ngày dạng YYYY-MM-DD (không đặt trong ngoặc kép)",
}


def schema_problems(name: str, data: Any, model: type[BaseModel], exc: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into problems with a path into the file's data."""
    problems = []
    for error in exc.errors(include_url=False):
        path = _data_path(data, error["loc"])
        kind = error["type"]
        field_name = str(path[-1]) if path else "nội dung tệp"
        value = error.get("input")
        if kind == "missing":
            problems.append(
                Problem(
                    "missing-field",
                    name,
                    f"thiếu trường bắt buộc «{field_name}»; hãy thêm trường này",
                    path[:-1],
                )
            )
        elif kind == "extra_forbidden":
            hint = _did_you_mean(field_name, _field_names(model))
            problems.append(
                Problem(
                    "unknown-field",
                    name,
                    f"trường «{field_name}» không có trong lược đồ{hint}; hãy sửa tên hoặc xóa trường",
                    path,
                    at_key=True,
                )
            )
        elif (expected := _expected_type(kind)) is not None:
            problems.append(
                Problem(
                    "wrong-type",
                    name,
                    f"«{field_name}» phải là {expected}, nhưng đang là "
                    + (_show(value) if path else _kind(value)),
                    path,
                )
            )
        else:
            hint = _id_for(value) if kind == "string_pattern_mismatch" and field_name == "agency" else ""
            problems.append(Problem("invalid-value", name, f"«{field_name}»: {_explain(error)}{hint}", path))
    return problems


def _id_for(value: Any) -> str:
    """A name written where an agency's id belongs ("Sở Y tế"): the id it would be written as."""
    from kehoach.text import search_words

    words = search_words(str(value))[:20] if isinstance(value, str) else []
    return f" (có phải ý bạn là «{'-'.join(words)}»?)" if words else ""


def _expected_type(kind: str) -> str | None:
    for prefix, label in _TYPE_NAMES.items():
        if kind in (f"{prefix}_type", f"{prefix}_parsing", f"{prefix}_from_datetime_parsing"):
            return label
    return None


def _explain(error: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = _show(error.get("input"))
    if kind == "literal_error":
        return f"{value} không phải giá trị cho phép; chọn một trong: {ctx.get('expected')}"
    if kind == "string_pattern_mismatch":
        return (
            f"{value} không đúng dạng mã: chỉ chữ thường không dấu, số và dấu gạch nối "
            "(ví dụ so-du-lich), hoặc số La Mã cho lĩnh vực (ví dụ II)"
        )
    if kind in ("too_short", "string_too_short"):
        return "không được để trống"
    if kind in ("too_long", "string_too_long"):
        given, limit = error.get("input"), ctx.get("max_length")
        if isinstance(given, str):
            return f"dài {len(given)} ký tự, quá giới hạn {limit} ký tự của trường này; hãy rút ngắn"
        return f"có quá nhiều mục (tối đa {limit})"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        sign = "≥" if kind == "greater_than_equal" else "≤"
        return f"{value} phải {sign} {bound}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind.startswith("date"):
        return f"{value} không phải ngày hợp lệ (YYYY-MM-DD)"
    return f"{value} không hợp lệ ({error['msg']})"


def _kind(value: Any) -> str:
    """What a whole file holds, without quoting it (a file that is not plan data may hold a secret)."""
    if isinstance(value, str):
        return f"một chuỗi văn bản ({len(value)} ký tự, không trích)"
    return _show(value) if isinstance(value, dict | list) else f"một giá trị kiểu {type(value).__name__}"


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "một khối «khóa: giá trị»"
    if isinstance(value, list):
        return "một danh sách"
    text = visible(repr(value) if isinstance(value, str) else str(value))
    return text if len(text) <= 40 else text[:37] + "…"  # a short excerpt: the file may hold a secret


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """pydantic's `loc` as a path into `data`, without union and validator tags."""
    path: list[str | int] = []
    current = data
    for index, step in enumerate(loc):
        last = index == len(loc) - 1
        if (isinstance(current, dict) and step in current) or (
            isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current)
        ):
            current = current[step]
            path.append(step)
        elif last and isinstance(current, dict) and isinstance(step, str):
            path.append(step)  # a missing field: the parent mapping is where to look
    return tuple(path)


def _field_names(model: type[BaseModel]) -> set[str]:
    names: set[str] = set()
    stack: list[Any] = [model]
    seen: set[Any] = set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, info in current.model_fields.items():
            names.add(name)
            stack.extend(_models_in(info.annotation))
    return names


def _models_in(annotation: Any) -> list[Any]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


def _did_you_mean(word: str, choices: set[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices - {word}), n=1, cutoff=0.6)
    return f" (có phải ý bạn là «{close[0]}»?)" if close else ""


LENIENT_ROUNDS = 10  # repairs tried on an old file version before it is said to be unreadable


def lenient_file(
    name: str, raw: bytes, newer: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, list[str]]:
    """An old version of a file read leniently, for history: a field today's schema no longer has is
    left out, a field it now requires is taken from `newer` (a later valid version of the file); and
    what was done, in words. (None, …) when that is not enough."""
    from pydantic import ValidationError

    try:
        data = yamlread.load(yamlread.decode(raw))
    except yamlread.YamlError:
        return None, []
    model = FILES.get(name) or OPTIONAL.get(name) or report_model(name)
    done: list[str] = []
    for _ in range(LENIENT_ROUNDS):
        try:
            return model.model_validate(data).model_dump(mode="json"), done
        except ValidationError as exc:
            changed = False
            for error in exc.errors(include_url=False):
                loc = tuple(error["loc"])
                where = ".".join(str(p) for p in loc)
                if error["type"] == "extra_forbidden" and _pop(data, loc):
                    done.append(f"bỏ trường {where} (lược đồ nay không có)")
                    changed = True
                elif error["type"] == "missing" and newer is not None and _put(data, loc, newer):
                    done.append(f"lấy {where} từ phiên bản sau (lược đồ nay bắt buộc)")
                    changed = True
            if not changed:
                return None, done
    return None, done


def _pop(data: Any, loc: tuple[Any, ...]) -> bool:
    parent = _at_path(data, loc[:-1])
    if isinstance(parent, dict) and loc[-1] in parent:
        del parent[loc[-1]]
        return True
    return False


def _put(data: Any, loc: tuple[Any, ...], newer: dict[str, Any]) -> bool:
    parent, value = _at_path(data, loc[:-1]), _at_path(newer, loc)
    if isinstance(parent, dict) and value is not _MISSING:
        parent[loc[-1]] = value
        return True
    return False


_MISSING = object()


def _at_path(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        in_dict = isinstance(data, dict) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (in_dict or in_list):
            return _MISSING
        data = data[part]
    return data


def validate_file(name: str, raw: bytes) -> dict[str, Any] | None:
    """One file's validated data (defaults filled in, as the cache stores it), or None when it does not
    read or does not fit its schema. For walking history, where each file version is checked once."""
    try:
        data = yamlread.load(yamlread.decode(raw))
    except yamlread.YamlError:
        return None
    model = FILES.get(name) or OPTIONAL.get(name) or report_model(name)
    try:
        dumped: dict[str, Any] = model.model_validate(data).model_dump(mode="json")
    except ValidationError:
        return None
    return dumped
