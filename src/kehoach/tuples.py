"""NamedTuple, Any, Generic and TypeVar for the modules a query runs, without importing `typing`.

`import typing` and its class machinery cost every query about 15 ms, three quarters of
`python -c pass` (measured: the standard modules a query needs plus 45 record classes take
47 ms with collections.namedtuple, 64 ms with typing.NamedTuple). The type checker reads the
first branch below and sees typing's own names, so `class Task(NamedTuple)` is checked as
always; at run time the same class statement makes a collections.namedtuple, with the class's
methods, docstring and field annotations (as text: these modules use
`from __future__ import annotations`) put on it as typing.NamedTuple puts them.
"""

TYPE_CHECKING = False  # the type checker treats `if TYPE_CHECKING:` as true, whatever its value here

if TYPE_CHECKING:
    from typing import Any as Any
    from typing import Generic as Generic
    from typing import NamedTuple as NamedTuple
    from typing import TypeVar as TypeVar
else:
    import collections

    Any = object  # only ever written in annotations and in generic aliases (dict[str, Any])

    _KEPT_AS_IS = frozenset({"__module__", "__qualname__", "__annotations__", "__orig_bases__"})

    class _RecordType(type):
        """Turns `class X(NamedTuple): a: int; b: str = ""` into a namedtuple class, as typing does."""

        def __new__(mcls, name, bases, namespace):
            if namespace.get("_is_base"):
                return super().__new__(mcls, name, bases, namespace)
            fields = list(namespace.get("__annotations__", {}))
            defaults = [namespace[field] for field in fields if field in namespace]
            made = collections.namedtuple(name, fields, defaults=defaults, module=namespace["__module__"])
            made.__qualname__ = namespace.get("__qualname__", name)
            made.__annotations__ = dict(namespace.get("__annotations__", {}))
            for key, value in namespace.items():
                if key not in _KEPT_AS_IS and key not in fields:
                    setattr(made, key, value)
            return made

    class NamedTuple(metaclass=_RecordType):
        _is_base = True

    class Generic:
        """`class Role(NamedTuple, Generic[Item])`: the parameter matters to the type checker only."""

        def __class_getitem__(cls, params):
            return cls

    def TypeVar(name, *constraints, **options):
        return name
