"""@record behaves like @dataclass(frozen=True) where the engine relies on it."""

from __future__ import annotations

import pickle

import pytest

from backlearn.records import FrozenRecordError, field, record


@record
class Point:
    x: int
    y: int = 0
    tags: list[str] = field(default_factory=list)
    note: str = field(default="", repr=False, compare=False)


@record
class Point3(Point):
    z: int = 0


def test_construction_defaults_and_factories():
    p = Point(1)
    assert (p.x, p.y, p.tags, p.note) == (1, 0, [], "")
    assert Point(1).tags is not p.tags, "a default factory makes a new value each time"
    assert Point(x=2, y=3).y == 3
    assert Point3(1, 2, z=3).z == 3 and Point3(1).y == 0


def test_wrong_arguments_are_refused():
    with pytest.raises(TypeError, match="missing 'x'"):
        Point()
    with pytest.raises(TypeError, match="two values"):
        Point(1, x=2)
    with pytest.raises(TypeError, match="unexpected"):
        Point(1, colour="red")
    with pytest.raises(TypeError, match="takes 4 arguments"):
        Point(1, 2, [], "", 5)


def test_records_are_frozen():
    p = Point(1)
    with pytest.raises(FrozenRecordError):
        p.x = 2
    with pytest.raises(AttributeError):
        del p.y


def test_equality_hash_and_repr_follow_the_fields():
    assert Point(1, 2) == Point(1, 2, note="other"), "compare=False fields do not count"
    assert Point(1, 2) != Point(1, 3)
    assert Point(1, 2) != Point3(1, 2)
    assert hash(Point(1, 2, tags=())) == hash(Point(1, 2, tags=()))  # type: ignore[arg-type]
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags=[])"


def test_records_survive_pickling():
    p = Point3(1, 2, ["a"], "n", z=3)
    q = pickle.loads(pickle.dumps(p))
    assert q == p and q.note == "n"


def test_a_field_without_a_default_cannot_follow_one_with_a_default():
    with pytest.raises(TypeError, match="without a default"):

        @record
        class Bad:
            a: int = 0
            b: int
