"""Wording that keeps a learner safe. In code on purpose, not in ``data/``: a teacher's copy of the
content must not be able to weaken or remove it, and a broken content folder cannot be what words the
message that it is broken. Reviewed with the clinical rules (``tests/test_clinical_rules.py``,
``tests/test_safe_answers.py``), not edited as content; ``docs/content-format.md`` tells teachers what
they cannot change and why.

Every output takes these from here: the answer's sections (``backlearn.sections``), the widgets and
the app's page. Nothing else in the package writes them out.
"""

from __future__ import annotations

__all__ = [
    "ALSO_TELL",
    "COME_BACK",
    "COME_BACK_HEADING",
    "CONTENT_PROBLEM",
    "DISCLAIMER",
    "DISCLAIMER_HEADING",
    "DISCLAIMER_TEXT",
    "EMERGENCY_TEXT",
    "NOTHING_TICKED",
    "SCREENING_HEADING",
    "SCREENING_INTRO",
    "SELF_CARE_HEADINGS",
]

#: The note every answer ends with; ``{physio}`` is the region's word ('physical therapist' in the US).
DISCLAIMER_TEXT = (
    "This is education, not diagnosis. It cannot tell you what is causing your pain. "
    "If you are worried, or the pain is bad or getting worse, talk to a doctor, nurse or {physio}."
)
#: The note in the default region's words (the United Kingdom's).
DISCLAIMER = DISCLAIMER_TEXT.replace("{physio}", "physiotherapist")
#: What the note adds for the region the content is filled in for: where to call in an emergency.
EMERGENCY_TEXT = "In an emergency in {region_name}, call {emergency_number}."
DISCLAIMER_HEADING = "Please note"

#: The banner before anything is ticked: neutral, so an empty form never reads as "self-care".
NOTHING_TICKED = ("NOTHING TICKED YET", "Tick the boxes that fit. Check the warning signs too.")

#: The only thing said about self-care at an emergency.
COME_BACK_HEADING = "After you have been seen"
COME_BACK = "When you have been seen, come back for advice on easing pain."

#: The heading over the advice shown, by what the level asks first: it must never read as the answer
#: when help is needed (an emergency shows no self-care heading at all, only COME_BACK).
SELF_CARE_HEADINGS: dict[str, str] = {
    "help_first": "While you get help today",
    "soon": "While you wait for your appointment: what you can do",
    "self_care": "What you can do",
}

#: Lower-level warning signs under a more urgent banner are named in one line, never with their own
#: "what to do" ("book an appointment in the next few days" must not sit under "call 999 now").
ALSO_TELL = "Also tell them about"

#: Over the warning-sign questions a tick raises.
SCREENING_HEADING = "Check these first"
SCREENING_INTRO = "If the answer to any is yes, do what it says beside it."

#: What a learner sees when the content the app loads is invalid: no developer error, no traceback, no
#: file name; whom to ask, and what to do if worried now.
CONTENT_PROBLEM = (
    "Tell your teacher: the course content has a problem.",
    "If you are worried about your back now, do not wait for this page: call your doctor, or your "
    "emergency number if it feels serious.",
)
