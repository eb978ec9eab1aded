"""The teacher pack: print-ready pages built from the content, for a lesson without devices.

The documents and their sheets are built in ``_documents`` (each kind of sheet a Jinja2 template),
written to a folder by ``_write``, and printed as PDF by :mod:`backlearn.pack.pdf`; the lesson slides
written beside them are :mod:`backlearn.pack.slides`.
"""

from __future__ import annotations

from backlearn.pack._documents import (
    CARDS_PER_SHEET,
    LARGE_PRINT,
    Document,
    back_diagram,
    build,
    build_extras,
    case_cards_document,
    case_key_document,
    case_number,
    claim_cards_document,
    documents,
    evidence_document,
    exit_tickets_document,
    glossary_document,
    index_document,
    large_print_documents,
    lesson_cards_document,
    lesson_document,
    letter_document,
    page_html,
    poster_document,
    quiz_key_document,
    quiz_sheet_document,
    safeguarding_document,
    wall_poster_document,
)
from backlearn.pack._write import write_pack
from backlearn.pack.pdf import MARGIN, PAPERS, WALL_PAPER, PdfError, print_extras, print_pdfs

__all__ = [
    "CARDS_PER_SHEET",
    "LARGE_PRINT",
    "MARGIN",
    "PAPERS",
    "WALL_PAPER",
    "Document",
    "PdfError",
    "back_diagram",
    "build",
    "build_extras",
    "case_cards_document",
    "case_key_document",
    "case_number",
    "claim_cards_document",
    "documents",
    "evidence_document",
    "exit_tickets_document",
    "glossary_document",
    "index_document",
    "large_print_documents",
    "lesson_cards_document",
    "lesson_document",
    "letter_document",
    "page_html",
    "poster_document",
    "print_extras",
    "print_pdfs",
    "quiz_key_document",
    "quiz_sheet_document",
    "safeguarding_document",
    "wall_poster_document",
    "write_pack",
]
