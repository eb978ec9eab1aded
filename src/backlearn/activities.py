"""Each lesson's own activity (data/lesson_pages.yaml), as pure functions: what a learner did in,
feedback in plain words out. The widget (``backlearn.widgets.activities``) only shows it.

- ``sort``: each line put in a bin (myth or fact, massage or get checked first, ...);
- ``choose``: the best next step picked for a made-up person;
- ``plan``: a week of walks planned with two drop-down lists, against a goal from a trial.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from backlearn.content import Activity, Content

__all__ = ["ActivityResult", "activity_for", "choose_result", "plan_result", "sort_result"]


@dataclass(frozen=True, slots=True)
class ActivityResult:
    """What the learner sees after trying the activity: a headline, and a line per item (or none)."""

    done: bool
    right: int
    out_of: int
    headline: str
    lines: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join((self.headline, *self.lines))


def activity_for(topic_id: str, content: Content) -> Activity:
    """The activity of a topic's lesson; KeyError naming the known topics for an unknown one."""
    page = content.lesson_pages.get(topic_id)
    if page is None:
        known = ", ".join(sorted(content.lesson_pages)) or "none: the content has no lesson_pages.yaml"
        raise KeyError(f"no lesson page for topic '{topic_id}'; known: {known}")
    return page.activity


def sort_result(activity: Activity, placed: Sequence[str]) -> ActivityResult:
    """Marks a sort: ``placed[i]`` is the bin item i was put in ('' for none yet)."""
    items = activity.items
    placed = tuple(placed) + ("",) * (len(items) - len(placed))
    left = sum(1 for bin_name in placed[: len(items)] if not bin_name)
    if left:
        return ActivityResult(False, 0, len(items),
                              f"Put every line in a bin first ({left} still to go), then press Check.")
    lines = []
    right = 0
    for item, bin_name in zip(items, placed, strict=False):
        if bin_name == item.answer:
            right += 1
            lines.append(f"Right: \"{item.text}\" goes in \"{item.answer}\". {item.why}")
        else:
            lines.append(f"Not quite: \"{item.text}\" goes in \"{item.answer}\", not \"{bin_name}\". {item.why}")
    headline = f"{right} of {len(items)} right." + (" Well done!" if right == len(items) else " Read why below.")
    return ActivityResult(True, right, len(items), headline, tuple(lines))


def choose_result(activity: Activity, picked: int | None) -> ActivityResult:
    """Marks a choice: ``picked`` is the index of the item chosen (None for none yet)."""
    if picked is None:
        return ActivityResult(False, 0, 1, "Choose one, and see what the evidence says.")
    if not 0 <= picked < len(activity.items):
        raise IndexError(f"choice {picked} is not one of the items (0 to {len(activity.items) - 1})")
    item = activity.items[picked]
    if item.best:
        return ActivityResult(True, 1, 1, f"Yes, a good choice. {item.why}")
    return ActivityResult(True, 0, 1, f"Not the best choice. {item.why} Try another one.")


def plan_result(activity: Activity, days: int, minutes: int) -> ActivityResult:
    """Compares a week of walks (``days`` a week, ``minutes`` each) with the activity's goal."""
    days, minutes = max(0, min(7, int(days))), max(0, int(minutes))
    goal_days, goal_minutes = activity.goal_days, activity.goal_minutes
    goal = f"The goal in the trial: {goal_days} walks a week, of {goal_minutes} minutes each."
    if days == 0 or minutes == 0:
        return ActivityResult(False, 0, 1, "No walks planned yet. Pick how many walks and how long.",
                              (goal, activity.why))
    yours = f"Your plan: {days} walk{'s' if days != 1 else ''} a week, of {minutes} minutes each."
    if days >= goal_days and minutes >= goal_minutes:
        verdict = "That meets the goal. Build up to it slowly, a few minutes more each week."
        met = 1
    elif days * minutes >= goal_days * goal_minutes // 2:
        verdict = "A good start. Add a few minutes, or one more walk, each week."
        met = 0
    else:
        verdict = "A small start is fine. Add a few minutes each week, as it feels OK."
        met = 0
    return ActivityResult(True, met, 1, verdict, (yours, goal, activity.why))
