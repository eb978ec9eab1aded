"""The safeguarding note's part for one region (data/safeguarding.yaml): who to go to, how fast, the
reporting duty, and helplines for pupils, each with its source.

Read by the teacher pack, the slides and, for the helplines, the learners' "Worried about something?"
box (getting_help.py). The file is read and checked with every other content
file (``content.safeguarding``): every problem at once, each with the file, the line and the field;
every region in regions.yaml must have an entry, so a new region cannot silently print another
country's law.
"""

from __future__ import annotations

from dataclasses import dataclass

from backlearn.content import Content, ContentError, Problem, RegionSafeguarding
from backlearn.content.regions import DEFAULT_REGION

__all__ = ["FILE", "SafeguardingParts", "load_safeguarding"]

FILE = "safeguarding.yaml"


@dataclass(frozen=True, slots=True)
class SafeguardingParts:
    """The box a school checks against its policy, and the part for the region in use."""

    check: str
    part: RegionSafeguarding
    region_name: str


def load_safeguarding(content: Content) -> SafeguardingParts:
    """The check box and the part for the region ``content`` is filled in for (else the default), its
    text filled in for that region; ContentError when the folder has no safeguarding.yaml."""
    if content.safeguarding is None:  # the loader read and checked it when it was there (a link included)
        raise ContentError([Problem(FILE, 0, "", "file missing; the teacher pack needs it")], content.path)
    region = content.region or content.regions.get(DEFAULT_REGION)
    part = content.safeguarding.regions[region.id if region is not None else DEFAULT_REGION]
    return SafeguardingParts(content.safeguarding.check, part, region.name if region is not None else "")
