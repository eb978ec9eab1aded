""""Save my plan" on its own (widgets/plan_bar.py): it needs only a way to get the answer, no explorer."""

from __future__ import annotations

import datetime as dt

from backlearn import ExportBar, assess, places


def test_the_bar_saves_the_answer_it_is_handed_at_the_moment_of_saving(content, tmp_path):
    answer = assess(("knot",), content)
    bar = ExportBar(lambda: answer, save_dir=tmp_path)
    answer = assess(("low_back", "fever"), content)  # what the learner ticked by the time they press Save
    path = bar.save(on=dt.date(2026, 1, 15))
    assert path.parent == tmp_path and bar.path == path
    assert "Urgent" in path.read_text(encoding="utf-8").split("<h1>")[0]
    assert "Your plan is ready" in bar.text and "Download my plan" in bar.text


def test_without_a_folder_the_bar_saves_in_the_plans_folder(content, tmp_path, monkeypatch):
    monkeypatch.setenv(places.PLANS_ENV, str(tmp_path / "plans"))
    bar = ExportBar(lambda: assess(("knot",), content))
    bar.format.value = "md"
    path = bar.save(on=dt.date(2026, 1, 15))
    assert path == tmp_path / "plans" / "backlearn-plan-2026-01-15.md"
