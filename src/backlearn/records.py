"""Frozen record classes, like ``@dataclass(frozen=True)``, without its start-up cost.

Every ``backlearn assess`` is a fresh process, and creating the engine's two dozen
dataclasses (``dataclasses`` imports ``inspect`` and ``exec``s generated code for each
class) took about a fifth of the command's time. ``@record`` gives the same behaviour the
engine relies on (keyword or positional construction, defaults and default factories,
``repr``, equality, hashing, and no assignment after construction) with plain methods
shared by every record. Type checkers see it as a dataclass (PEP 681 ``dataclass_transform``).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it is part of the start-up cost
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar, dataclass_transform

    _T = TypeVar("_T")

__all__ = ["FrozenRecordError", "field", "record"]

_MISSING: object = object()


class FrozenRecordError(AttributeError):
    """A record's fields cannot be changed after it is made (like dataclasses.FrozenInstanceError)."""


class _Field:
    __slots__ = ("compare", "default", "factory", "name", "repr")

    def __init__(self, default: object, factory: Callable[[], object] | None, repr: bool, compare: bool) -> None:
        self.name = ""
        self.default = default
        self.factory = factory
        self.repr = repr
        self.compare = compare


def field(
    *,
    default: Any = _MISSING,
    default_factory: Callable[[], Any] | None = None,
    repr: bool = True,
    compare: bool = True,
) -> Any:
    """A field's default, default factory, and whether it shows in repr and counts in equality."""
    return _Field(default, default_factory, repr, compare)


def _init(self: object, *args: object, **kwargs: object) -> None:
    fields: tuple[_Field, ...] = type(self).__record_fields__  # type: ignore[attr-defined]
    if len(args) > len(fields):
        raise TypeError(f"{type(self).__name__}() takes {len(fields)} arguments, got {len(args)}")
    for index, spec in enumerate(fields):
        if index < len(args):
            if spec.name in kwargs:
                raise TypeError(f"{type(self).__name__}() got two values for '{spec.name}'")
            value = args[index]
        elif spec.name in kwargs:
            value = kwargs.pop(spec.name)
        elif spec.factory is not None:
            value = spec.factory()
        elif spec.default is not _MISSING:
            value = spec.default
        else:
            raise TypeError(f"{type(self).__name__}() is missing '{spec.name}'")
        object.__setattr__(self, spec.name, value)
    extra = set(kwargs).difference(spec.name for spec in fields)
    if extra:
        raise TypeError(f"{type(self).__name__}() got unexpected fields: {', '.join(sorted(extra))}")


def _compared(self: object) -> tuple[object, ...]:
    fields: tuple[_Field, ...] = type(self).__record_fields__  # type: ignore[attr-defined]
    return tuple(getattr(self, spec.name) for spec in fields if spec.compare)


def _eq(self: object, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented  # type: ignore[no-any-return]  # lets Python try the other side
    return _compared(self) == _compared(other)


def _hash(self: object) -> int:
    return hash(_compared(self))


def _repr(self: object) -> str:
    fields: tuple[_Field, ...] = type(self).__record_fields__  # type: ignore[attr-defined]
    shown = ", ".join(f"{spec.name}={getattr(self, spec.name)!r}" for spec in fields if spec.repr)
    return f"{type(self).__qualname__}({shown})"


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise FrozenRecordError(f"cannot assign to field '{name}' of a {type(self).__name__}: records are frozen")


def _frozen_delattr(self: object, name: str) -> None:
    raise FrozenRecordError(f"cannot delete field '{name}' of a {type(self).__name__}: records are frozen")


def _build(cls: type) -> type:
    inherited: list[_Field] = []
    for base in reversed(cls.__mro__[1:]):
        inherited.extend(getattr(base, "__record_fields__", ()))
    own: list[_Field] = []
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063 - no inspect
        if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = cls.__dict__.get(name, _MISSING)
        spec = value if isinstance(value, _Field) else _Field(value, None, True, True)
        if isinstance(value, _Field):
            if value.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, value.default)
        spec.name = name
        own.append(spec)
    names = {spec.name for spec in own}
    fields = tuple(spec for spec in inherited if spec.name not in names) + tuple(own)
    seen_default = False
    for spec in fields:
        has_default = spec.default is not _MISSING or spec.factory is not None
        if seen_default and not has_default:
            raise TypeError(f"{cls.__name__}: field '{spec.name}' without a default follows one with a default")
        seen_default = seen_default or has_default
    cls.__record_fields__ = fields  # type: ignore[attr-defined]
    cls.__init__ = _init  # type: ignore[misc]
    cls.__repr__ = _repr  # type: ignore[assignment, method-assign]
    cls.__eq__ = _eq  # type: ignore[assignment, method-assign]
    cls.__hash__ = _hash  # type: ignore[assignment, method-assign]
    cls.__setattr__ = _frozen_setattr  # type: ignore[assignment, method-assign]
    cls.__delattr__ = _frozen_delattr  # type: ignore[assignment, method-assign]
    cls.__match_args__ = tuple(spec.name for spec in fields)  # type: ignore[attr-defined, misc]
    return cls


if TYPE_CHECKING:

    @dataclass_transform(frozen_default=True, field_specifiers=(field,))
    def record(cls: type[_T]) -> type[_T]:
        """Make ``cls`` a frozen record of its annotated fields."""
        ...

else:

    def record(cls):
        """Make ``cls`` a frozen record of its annotated fields."""
        return _build(cls)
