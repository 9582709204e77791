"""One domain model: each view has exactly its schema model's fields (names, types, optionality)."""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Annotated, Any, Literal, Union

import pytest
from pydantic import BaseModel

from conftest import DATA
from kehoach.check.cache import load_plan
from kehoach.model import schema, views


def _norm(hint: Any) -> str:
    origin = typing.get_origin(hint)
    if origin is Annotated:
        return _norm(typing.get_args(hint)[0])
    if origin in (Union, types.UnionType):
        return " | ".join(sorted(_norm(a) for a in typing.get_args(hint)))
    if origin is Literal:
        return type(typing.get_args(hint)[0]).__name__
    if origin in (list, tuple):
        return f"tuple[{_norm(typing.get_args(hint)[0])}]"
    if hint is type(None):
        return "None"
    if hint is dt.date:
        return "date"
    if isinstance(hint, type) and (issubclass(hint, BaseModel) or hasattr(hint, "_fields")):
        return hint.__name__
    if isinstance(hint, type):
        return hint.__name__
    return repr(hint)


def _schema_fields(model: type[BaseModel]) -> list[tuple[str, str]]:
    return [(name, _norm(field.annotation)) for name, field in model.model_fields.items()]


def _view_fields(view: Any) -> list[tuple[str, str]]:
    hints = typing.get_type_hints(view)
    return [(name, _norm(hints[name])) for name in view._fields]


MODELS = [m for m in vars(schema).values() if isinstance(m, type) and issubclass(m, schema.Model)]
MODELS = [m for m in MODELS if m is not schema.Model]


def test_every_schema_model_has_a_view() -> None:
    assert sorted(m.__name__ for m in MODELS) == sorted(v.__name__ for v in views.VIEWS)


@pytest.mark.parametrize("view", views.VIEWS, ids=lambda v: v.__name__)
def test_view_fields_equal_the_schema(view: type) -> None:
    assert _view_fields(view) == _schema_fields(getattr(schema, view.__name__))


def test_views_are_built_from_validated_data() -> None:
    plan = load_plan(DATA)
    agency = plan.agencies["trung-tam-xuc-tien"]
    assert isinstance(agency, views.Agency) and agency.unconfirmed_from == dt.date(2025, 3, 1)
    assert isinstance(plan.info.reporting.agency_report.due, views.MonthDay)
    assert plan.info.reporting.agency_report.deadline(2025) == dt.date(2025, 9, 15)
    assert isinstance(plan.tasks[6].lead, tuple)
    assert plan.tasks[6].lead[1].scope == "mô hình chính quyền đô thị"
    assert plan.bases["nq-hdnd-hn-2025-02-25"].number is None
