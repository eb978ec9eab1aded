"""The diary's odd files (issue 24, review Low 3): a linked diary is saved through its link, a FIFO or a
device is refused without a hang, a lone surrogate in a note is a DiaryError, and nothing is lost."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from backlearn.diary import DiaryEntry, DiaryError, add_entry, read_diary

DAY = dt.date(2024, 3, 1)


def _in_time(call: Callable[[], object], seconds: float = 10.0) -> object:
    """Run ``call`` in a thread; fail (not hang the suite) when it does not return in time."""
    result: dict[str, object] = {}

    def run() -> None:
        try:
            result["value"] = call()
        except BaseException as error:  # handed back to the test
            result["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"no answer within {seconds} s: it hangs"
    error = result.get("error")
    if isinstance(error, BaseException):
        raise error
    return result.get("value")


def test_a_linked_diary_is_saved_through_the_link(tmp_path: Path) -> None:
    """Before: the first save replaced the link with a regular file, so the linked file (a synced folder)
    stopped getting entries."""
    synced = tmp_path / "synced"
    synced.mkdir()
    target = synced / "diary.csv"
    add_entry(DiaryEntry(DAY, 3, notes="first"), target)
    link = tmp_path / "diary.csv"
    link.symlink_to(target)
    assert add_entry(DiaryEntry(DAY + dt.timedelta(days=1), 4, notes="second"), link) == link
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert [e.notes for e in read_diary(target)] == ["first", "second"]
    assert [e.notes for e in read_diary(link)] == ["first", "second"]
    assert not list(tmp_path.glob(".diary.csv*")), "the lock and temporary files sit beside the real file"


def test_a_link_that_leads_nowhere_or_in_a_loop_is_refused_and_kept(tmp_path: Path) -> None:
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "gone.csv")
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    for link in (dangling, loop):
        with pytest.raises(DiaryError) as caught:
            add_entry(DiaryEntry(DAY, 3), link)
        assert str(link) in str(caught.value)
        assert link.is_symlink()
    assert not (tmp_path / "gone.csv").exists()


def test_a_fifo_at_the_diary_place_is_refused_without_a_hang(tmp_path: Path) -> None:
    """Before: read_diary blocked on the pipe forever, and with it the notebook's kernel."""
    fifo = tmp_path / "diary.csv"
    os.mkfifo(fifo)
    with pytest.raises(DiaryError, match="not a regular file"):
        _in_time(lambda: read_diary(fifo))
    with pytest.raises(DiaryError, match="not a regular file"):
        _in_time(lambda: add_entry(DiaryEntry(DAY, 3), fifo))
    assert fifo.is_fifo()


def test_a_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DiaryError, match="not a regular file"):
        _in_time(lambda: read_diary("/dev/zero"))


def test_a_lone_surrogate_in_a_note_is_a_diary_error_and_nothing_is_lost(tmp_path: Path) -> None:
    """Before: UnicodeEncodeError, which the diary form does not catch."""
    path = tmp_path / "diary.csv"
    add_entry(DiaryEntry(DAY, 3, notes="kept"), path)
    before = path.read_bytes()
    for field in ("notes", "where", "treatments"):
        with pytest.raises(DiaryError) as caught:
            DiaryEntry(DAY, 4, **{field: "sore \ud83d back"})
        assert caught.value.field == field and "cannot be saved" in str(caught.value)
    assert path.read_bytes() == before
    assert [e.notes for e in read_diary(path)] == ["kept"]


def test_the_diary_form_shows_the_surrogate_message(tmp_path: Path) -> None:
    from backlearn.widgets.diary_form import DiaryForm

    path = tmp_path / "diary.csv"
    form = DiaryForm(path)
    form.notes.value = "sore \ud83d back"
    with pytest.raises(DiaryError):
        form.save()
    assert not path.exists()
    assert "cannot be saved" in form.status.value and "Nothing was lost" in form.status.value
    assert form.notes.value == "sore \ud83d back", "what the learner typed is kept"
