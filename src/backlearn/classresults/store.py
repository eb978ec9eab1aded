"""Answers kept through SQLAlchemy: a SQLite file by default, PostgreSQL (or any SQLAlchemy URL) for a big hub.

One table, at most ONE row per learner per case or question: the answer that counts (their first,
as the tally and the quiz score say). A repeat is not stored, so a learner posting in a loop cannot
grow the store, and the teacher's page reads at most learners x items rows. A restart of the
service reads everything back. SQLAlchemy comes with JupyterHub; PostgreSQL needs ``psycopg``.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from typing import Any

from sqlalchemy import DateTime, Index, Integer, String, create_engine, delete, func, inspect, select
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from backlearn.classresults.answers import Answer

__all__ = ["AnswerStore", "engine_url"]


class _Base(DeclarativeBase):
    pass


_ONE_PER_ITEM = "backlearn_answers_one_per_item"


_UNIQUE = Index(_ONE_PER_ITEM, "learner", "kind", "item", unique=True)


class _Row(_Base):
    __tablename__ = "backlearn_answers"
    __table_args__ = (_UNIQUE,)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    learner: Mapped[str] = mapped_column(String(255), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    item: Mapped[str] = mapped_column(String(255))
    choice: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


def engine_url(url: str) -> URL:
    """``url`` as SQLAlchemy should open it. A plain ``postgresql://`` URL means psycopg2 to SQLAlchemy;
    with only psycopg (version 3, what the docs say to install) it is opened with ``postgresql+psycopg``."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres") and importlib.util.find_spec("psycopg2") is None \
            and importlib.util.find_spec("psycopg") is not None:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _one_per_item(engine: Engine) -> None:
    """Give a table made before the one-answer rule its unique index, keeping each learner's first answer."""
    if any(index["name"] == _ONE_PER_ITEM for index in inspect(engine).get_indexes(_Row.__tablename__)):
        return
    firsts = select(func.min(_Row.id)).group_by(_Row.learner, _Row.kind, _Row.item).scalar_subquery()
    with Session(engine) as session, session.begin():
        session.execute(delete(_Row).where(_Row.id.not_in(firsts)))
    _UNIQUE.create(engine, checkfirst=True)


class AnswerStore:
    """``add`` an answer for a learner; read back ``all()`` (for the tally) or ``of(learner)``."""

    def __init__(self, url: str, **engine_options: Any) -> None:
        self.url = url
        self.engine = create_engine(engine_url(url), **engine_options)
        _Base.metadata.create_all(self.engine)
        _one_per_item(self.engine)

    def add(self, learner: str, answer: Answer, at: dt.datetime | None = None) -> bool:
        """Keep ``answer`` if it is the learner's first for its item: True when kept, False when an
        earlier answer already counts (nothing is written). Committed before this returns, so a crash
        right after loses nothing; a retried post of the same answer is harmless."""
        row = {"learner": learner, "kind": answer.kind, "item": answer.item, "choice": answer.choice,
               "at": at or dt.datetime.now(dt.UTC)}
        dialect = self.engine.dialect.name
        if dialect in ("sqlite", "postgresql"):
            from sqlalchemy.dialects import postgresql, sqlite

            insert = sqlite.insert if dialect == "sqlite" else postgresql.insert
            statement = insert(_Row).values(**row).on_conflict_do_nothing(
                index_elements=["learner", "kind", "item"])
            with self.engine.begin() as connection:
                if not self.engine.dialect.insert_returning:  # SQLite before 3.35
                    return connection.execute(statement).rowcount == 1
                # rowcount is -1 on PostgreSQL here: ask for the new row's id, which a skipped insert lacks.
                return connection.execute(statement.returning(_Row.id)).first() is not None
        try:  # another database: the unique index refuses the repeat
            with Session(self.engine) as session, session.begin():
                session.add(_Row(**row))
        except IntegrityError:
            return False
        return True

    def _rows(self, learner: str | None = None) -> list[tuple[str, Answer]]:
        query = select(_Row.learner, _Row.kind, _Row.item, _Row.choice).order_by(_Row.id)
        if learner is not None:
            query = query.where(_Row.learner == learner)
        with Session(self.engine) as session:
            return [(who, Answer(kind, item, choice)) for who, kind, item, choice in session.execute(query)]

    def all(self) -> list[tuple[str, Answer]]:
        """Every kept answer as (learner, answer), oldest first: one per learner per item."""
        return self._rows()

    def of(self, learner: str) -> list[Answer]:
        """One learner's own kept answers, oldest first."""
        return [answer for _learner, answer in self._rows(learner)]

    def count(self) -> int:
        """How many answers are kept (at most learners x items)."""
        with Session(self.engine) as session:
            return int(session.scalar(select(func.count()).select_from(_Row)) or 0)

    def close(self) -> None:
        self.engine.dispose()
