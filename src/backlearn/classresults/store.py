"""Answers kept through SQLAlchemy: a SQLite file by default, PostgreSQL (or any SQLAlchemy URL) for a big hub.

One table, one row per posted answer, never updated: the tally decides which answer counts,
and a restart of the service reads everything back. SQLAlchemy comes with JupyterHub.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, Integer, String, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from backlearn.classresults.answers import Answer

__all__ = ["AnswerStore"]


class _Base(DeclarativeBase):
    pass


class _Row(_Base):
    __tablename__ = "backlearn_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    learner: Mapped[str] = mapped_column(String(255), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    item: Mapped[str] = mapped_column(String(255))
    choice: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AnswerStore:
    """``add`` an answer for a learner; read back ``all()`` (for the tally) or ``of(learner)``."""

    def __init__(self, url: str, **engine_options: Any) -> None:
        self.url = url
        self.engine = create_engine(url, **engine_options)
        _Base.metadata.create_all(self.engine)

    def add(self, learner: str, answer: Answer, at: dt.datetime | None = None) -> None:
        """Keep one answer (committed before this returns, so a crash right after loses nothing)."""
        with Session(self.engine) as session, session.begin():
            session.add(_Row(learner=learner, kind=answer.kind, item=answer.item, choice=answer.choice,
                             at=at or dt.datetime.now(dt.UTC)))

    def _rows(self, learner: str | None = None) -> list[tuple[str, Answer]]:
        query = select(_Row).order_by(_Row.id)
        if learner is not None:
            query = query.where(_Row.learner == learner)
        with Session(self.engine) as session:
            return [(row.learner, Answer(row.kind, row.item, row.choice)) for row in session.scalars(query)]

    def all(self) -> list[tuple[str, Answer]]:
        """Every answer as (learner, answer), oldest first."""
        return self._rows()

    def of(self, learner: str) -> list[Answer]:
        """One learner's own answers, oldest first."""
        return [answer for _learner, answer in self._rows(learner)]

    def close(self) -> None:
        self.engine.dispose()
