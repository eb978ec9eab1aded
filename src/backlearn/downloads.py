"""A download link for a file the learner saved, so it reaches their own computer.

In the course's web version (JupyterLite) files live in the browser's storage; a link with the
file inside (a ``data:`` address) lets the learner keep a copy without a server. Standard library only.
"""

from __future__ import annotations

import base64
import os
from html import escape
from pathlib import Path

__all__ = ["download_button_html", "download_link_html"]


def download_link_html(path: str | os.PathLike[str], *, label: str, mime: str = "text/csv") -> str:
    """An escaped HTML link that downloads the file as it is now; a missing file says so plainly."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        return f'<p role="status">There is no file <code>{escape(file.name)}</code> yet: save an entry first.</p>'
    return _data_link(file.name, data, mime, escape(label))


def download_button_html(name: str, text: str, *, label: str, mime: str = "text/html") -> str:
    """A link that downloads ``text`` as the file ``name``, drawn as a button (class ``bl-download-button``,
    styled by the widgets' CSS): it looks like something to press, not like the words around it."""
    return _data_link(name, text.encode("utf-8"), mime, f'<span aria-hidden="true">\u2B07</span> {escape(label)}')


def _data_link(name: str, data: bytes, mime: str, inner_html: str) -> str:
    """The one link both give: ``data`` inside it (a data: address), downloaded as the file ``name``."""
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'<p><a class="bl-download bl-download-button" download="{escape(name)}" '
        f'href="data:{escape(mime)};charset=utf-8;base64,{encoded}">{inner_html}</a></p>'
    )
