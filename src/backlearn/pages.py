"""Whole pages from Jinja2 templates: the class-results teacher page, every page of the teacher pack
(its page shell and each kind of sheet) and the lesson slides.
The templates live in ``backlearn/templates`` (``base.html.j2`` the shared layout, ``pack_macros.html.j2``
the pack's shared pieces), their style sheets in ``backlearn/assets``.

Autoescaping is on for every template, so content (titles, answers, teachers' text) is escaped where
it is written into the page, never by hand. Jinja2 is an optional dependency (the ``pages`` extra;
JupyterLab, Voilà and JupyterHub bring it anyway): the core, the CLI's answers and the browser site
stay pure Python, and the answer fragments that run on every tick stay in ``render.py``.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from backlearn import places

if TYPE_CHECKING:
    import jinja2

__all__ = ["TEMPLATES", "render_page"]

#: Every template that content goes into (not the layout or the macro file); tests render each one.
TEMPLATES: tuple[str, ...] = (
    "class_results.html.j2",
    "pack_page.html.j2",
    "pack_index.html.j2",
    "pack_letter.html.j2",
    "pack_exit_tickets.html.j2",
    "pack_claim_cards.html.j2",
    "pack_lesson_plan.html.j2",
    "pack_lesson_notes.html.j2",
    "pack_lesson_assessment.html.j2",
    "pack_case_cards.html.j2",
    "pack_case_key.html.j2",
    "pack_evidence.html.j2",
    "pack_quiz.html.j2",
    "pack_poster.html.j2",
    "pack_glossary.html.j2",
    "pack_glossary_back.html.j2",
    "pack_safeguarding.html.j2",
    "pack_safeguarding_region.html.j2",
    "slides.html.j2",
)


def _source(name: str) -> tuple[str, None, None]:
    return places.template_text(name), None, None


@functools.cache
def _environment() -> jinja2.Environment:
    try:
        import jinja2
        import markupsafe
    except ImportError as missing:  # pragma: no cover - jinja2 comes with every extra that shows a page
        raise ImportError(
            "this page needs Jinja2: pip install 'backlearn[pages]'") from missing
    environment = jinja2.Environment(
        loader=jinja2.FunctionLoader(_source),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )

    def style(name: str) -> markupsafe.Markup:
        """A shipped style sheet, written into a <style> element as it is (the project's own file,
        so not escaped: a quote in a font name must stay a quote)."""
        return markupsafe.Markup(places.asset_text(name))

    def backticks(text: str) -> markupsafe.Markup:
        """The teacher's text escaped, with `backticks` marking code (lessons.yaml writes commands so)."""
        return markupsafe.Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(markupsafe.escape(text))))

    environment.globals["style"] = style
    environment.filters["backticks"] = backticks
    return environment


def render_page(template: str, **context: Any) -> str:
    """The page ``template`` filled in with ``context``, everything in it escaped."""
    return _environment().get_template(template).render(**context)
