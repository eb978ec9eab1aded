"""Each topic's evidence as a picture a 14-year-old can read (data/evidence.yaml), with alt text.

Three kinds of chart: ``bars`` (each number as a bar with the range it is likely in), ``people``
(100 people as dots, so "72 out of 100" is seen, not read) and ``words`` (no trial gives numbers,
and the chart says so). The notebooks, the app's lessons view and the teacher pack all draw them
with :func:`evidence_chart`; pandas and matplotlib are imported only when a chart is drawn.
"""

from __future__ import annotations

import base64
import io
import re
import textwrap
from html import escape
from typing import Any

from backlearn.content import Content, EvidenceChart, EvidenceNumber, Source

__all__ = [
    "evidence_chart",
    "evidence_frame",
    "evidence_html",
    "evidence_notes_html",
    "evidence_notes_markdown",
    "evidence_svg",
    "shown_on_one_scale",
    "source_name",
]

#: Colours with good contrast for colour-blind readers (blue and orange), and grey for "the rest".
_MAIN, _SECOND, _REST, _INK = "#1f5f99", "#b85c00", "#c8c8c8", "#1a1a1a"


def _chart(topic_id: str, content: Content) -> EvidenceChart:
    chart = content.evidence.get(topic_id)
    if chart is None:
        known = ", ".join(sorted(content.evidence)) or "none: the content has no evidence.yaml"
        raise KeyError(f"no evidence chart for topic '{topic_id}'; known: {known}")
    return chart


def shown_on_one_scale(chart: EvidenceChart) -> bool:
    """True when every number is on the same scale, so the bars show the numbers as they are;
    otherwise each is shown as a share of its own scale, out of 100."""
    return len({number.out_of for number in chart.numbers}) <= 1


def source_name(source: Source) -> str:
    """A short name for a source, as the charts' notes cite it: 'Cherkin 2011', 'NICE 2016'."""
    return _cite(source)


def _cite(source: Source) -> str:
    """A short name for a source: 'Cherkin 2011', 'Menezes Costa 2012', 'NICE 2016'."""
    by = source.by
    if by.endswith(")") and "(" in by and by.rsplit("(", 1)[1][:-1].isupper():
        return f"{by.rsplit('(', 1)[1][:-1]} {source.year}"  # a body, by its short name
    if "," not in by:
        return f"{by} {source.year}"
    words = by.split(",")[0].split()
    surname = [w for w in words[:-1]] if len(words) > 1 and words[-1].isupper() else words
    return f"{' '.join(surname)} {source.year}"


def evidence_frame(topic_id: str, content: Content) -> Any:
    """The chart's numbers as a pandas DataFrame: label, value, low, high, out_of, the values as
    drawn (``shown``, ``shown_low``, ``shown_high``), source, cite and how_sure."""
    import pandas as pd

    chart = _chart(topic_id, content)
    same = shown_on_one_scale(chart)
    rows = []
    for number in chart.numbers:
        scale = 1.0 if same or number.out_of is None else 100.0 / number.out_of
        rows.append({
            "label": number.label, "value": number.value, "low": number.low, "high": number.high,
            "out_of": number.out_of, "shown": number.value * scale,
            "shown_low": None if number.low is None else number.low * scale,
            "shown_high": None if number.high is None else number.high * scale,
            "source": number.source, "cite": _cite(content.sources[number.source]), "how_sure": number.how_sure,
        })
    columns = ["label", "value", "low", "high", "out_of", "shown", "shown_low", "shown_high", "source", "cite",
               "how_sure"]
    return pd.DataFrame(rows, columns=columns)


def _amount(number: EvidenceNumber) -> str:
    scale = f" out of {number.out_of:g}" if number.out_of is not None else ""
    text = f"{number.value:g}{scale}"
    if number.low is not None and number.high is not None:
        text += f" (likely between {number.low:g} and {number.high:g})"
    return text


def _alt(chart: EvidenceChart) -> str:
    """The chart in words, for a screen reader: what it shows, every number, and the note."""
    if chart.kind == "words":
        return f"{_sentence(chart.title)} No numbers to draw. {chart.note}"
    if chart.kind == "people":
        number = chart.numbers[0]
        return (f"{chart.title}: a picture of 100 dots, one per person. {number.value:g} dots are coloured: "
                f"{number.value:g} out of 100 {chart.measure}. {chart.note}")
    parts = [f"{_sentence(chart.title)} A bar chart. {_sentence(chart.measure)}"]
    parts += [f"{number.label}: {_amount(number)}." for number in chart.numbers]
    if chart.baseline is not None:
        parts.append(f"A dashed line marks {chart.baseline:g}: {chart.baseline_label or 'for comparison'}.")
    parts.append(chart.note)
    return " ".join(parts)


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width))


def _draw_bars(ax: Any, chart: EvidenceChart, frame: Any) -> None:
    frame = frame.iloc[::-1].reset_index(drop=True)  # the first number at the top
    colours = [_MAIN if i % 2 == 0 else _SECOND for i in range(len(frame))][::-1]
    low = (frame["shown"] - frame["shown_low"]).fillna(0)
    high = (frame["shown_high"] - frame["shown"]).fillna(0)
    ax.barh(frame.index, frame["shown"], color=colours, height=0.55, xerr=[low.tolist(), high.tolist()],
            error_kw={"ecolor": _INK, "capsize": 5, "linewidth": 1.5})
    ax.set_yticks(frame.index, [_wrap(label, 18) for label in frame["label"]], fontsize=11)
    ends = frame["shown_high"].fillna(frame["shown"])
    top = float(max(ends.max(), chart.baseline or 0))
    converted = not shown_on_one_scale(chart)
    for i, row in frame.iterrows():
        label = f"{row['value']:g}"
        if converted and row["out_of"] == row["out_of"]:  # not NaN: a number on a scale of its own
            label += f" out of {row['out_of']:g} = {row['shown']:.0f} out of 100"
        ax.text(ends[i] + top * 0.02, i, label, va="center", fontsize=11, color=_INK)
    if chart.baseline is not None:
        ax.axvline(chart.baseline, color=_INK, linestyle="--", linewidth=1.2)
        ax.text(chart.baseline, len(frame) - 0.45, f" {chart.baseline_label}", fontsize=10, color=_INK, va="bottom")
    ax.set_xlim(0, top * 1.35)
    ax.set_ylim(-0.6, len(frame) - 0.1 + (0.4 if chart.baseline is not None else 0))
    ax.set_xlabel(_wrap(chart.measure, 70), fontsize=10)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _draw_people(ax: Any, chart: EvidenceChart) -> None:
    count = round(chart.numbers[0].value)
    for person in range(100):
        row, col = divmod(person, 20)
        coloured = person < count
        ax.scatter(col, -row, s=150, color=_MAIN if coloured else _REST, edgecolors=_INK if coloured else "none")
    ax.text(0, 1.2, f"{count} out of 100 {chart.measure}", fontsize=12, color=_INK)
    ax.set_xlim(-1, 20)
    ax.set_ylim(-5, 2)
    ax.axis("off")


def _draw_words(ax: Any, chart: EvidenceChart) -> None:
    ax.text(0.5, 0.5, _wrap(chart.note, 60), ha="center", va="center", fontsize=12, color=_INK,
            bbox={"boxstyle": "round,pad=0.8", "facecolor": "#f2f2f2", "edgecolor": _INK})
    ax.axis("off")


def _figure(chart: EvidenceChart, topic_id: str, content: Content) -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    height = {"bars": 1.6 + 0.8 * len(chart.numbers), "people": 2.6, "words": 2.4}[chart.kind]
    fig = Figure(figsize=(7.5, height), dpi=100)
    ax = fig.subplots()
    if chart.kind == "bars":
        _draw_bars(ax, chart, evidence_frame(topic_id, content))
    elif chart.kind == "people":
        _draw_people(ax, chart)
    else:
        _draw_words(ax, chart)
    fig.suptitle(_wrap(chart.title, 60), fontsize=13, fontweight="bold", color=_INK)
    fig.tight_layout()
    return fig


def evidence_chart(topic_id: str, content: Content) -> tuple[bytes, str]:
    """The topic's evidence chart as PNG bytes, and its alt text (the chart in words). The same
    content gives the same bytes, so a notebook's stored output only changes with the content."""
    chart = _chart(topic_id, content)
    buffer = io.BytesIO()
    _figure(chart, topic_id, content).savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue(), _alt(chart)


def evidence_svg(topic_id: str, content: Content) -> str:
    """The same chart as inline SVG for printed pages (no image file, nothing fetched): text kept as
    text, its alt text as the SVG's label and title."""
    from matplotlib import rc_context

    chart = _chart(topic_id, content)
    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": topic_id}):
        _figure(chart, topic_id, content).savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    svg = re.sub(r'\s*clip-path="url\(#[^)]*\)"', "", svg)  # everything is drawn inside its axes anyway
    svg = re.sub(r"<clipPath .*?</clipPath>", "", svg, flags=re.DOTALL)
    alt = escape(_alt(chart))
    return svg.replace("<svg ", f'<svg role="img" aria-label="{alt}" style="max-width:100%;height:auto" ', 1).replace(
        ">", f"><title>{alt}</title>", 1)


def evidence_notes_markdown(topic_id: str, content: Content) -> str:
    """Under the chart: how sure we are of each number, and where it comes from (escaped)."""
    chart = _chart(topic_id, content)
    lines = []
    for number in chart.numbers:
        source = content.sources[number.source]
        lines.append(f"- **{escape(number.label)}** ({escape(_cite(source))}): {escape(number.how_sure)}")
    cites = ", ".join(escape(_cite(content.sources[sid])) for sid in chart.sources)
    note = f"{escape(chart.note)}" + (f" ({cites})" if cites else "")
    heading = "**How sure are we?**\n\n" if lines else ""
    return heading + "\n".join(lines) + ("\n\n" if lines else "") + note + "\n"


def evidence_notes_html(topic_id: str, content: Content, *, links: bool = True) -> str:
    """The same notes as :func:`evidence_notes_markdown`, as escaped HTML, each source linked
    (``links=False`` for paper: the source's address as text instead)."""
    chart = _chart(topic_id, content)

    def cite(source_id: str) -> str:
        source = content.sources[source_id]
        if not links:
            return f"{escape(_cite(source))}, {escape(source.link)}"
        return (f'<a href="{escape(source.link)}" target="_blank" rel="noopener">'
                f"{escape(_cite(source))}</a>")

    items = "".join(f"<li><strong>{escape(n.label)}</strong> ({cite(n.source)}): {escape(n.how_sure)}</li>"
                    for n in chart.numbers)
    cites = ", ".join(cite(sid) for sid in chart.sources)
    listed = f"<p><strong>How sure are we?</strong></p><ul>{items}</ul>" if items else ""
    return f"{listed}<p>{escape(chart.note)}" + (f" ({cites})" if cites else "") + "</p>"


def evidence_html(topic_id: str, content: Content) -> str:
    """The chart as an HTML figure: the PNG inline, with its alt text and title escaped.

    Where matplotlib cannot be loaded (the course's web version with no internet: the browser's
    Python fetches it from a server), the figure says in words what the picture shows (its alt
    text), so the lesson still reads and Run All goes on."""
    title = escape(_chart(topic_id, content).title)
    try:
        png, alt = evidence_chart(topic_id, content)
    except ImportError:
        return (f'<figure class="backlearn-evidence" style="margin:0"><p><strong>{title}</strong></p>'
                f"<p>{escape(_alt(_chart(topic_id, content)))}</p>"
                "<p><em>The picture needs the internet in the web version of the course; the numbers are "
                "above in words.</em></p></figure>")
    data = base64.b64encode(png).decode("ascii")
    return (f'<figure class="backlearn-evidence" style="margin:0">'
            f'<img src="data:image/png;base64,{data}" alt="{escape(alt)}" style="max-width:100%;height:auto">'
            f'<figcaption class="visually-hidden" style="position:absolute;left:-9999px">{title}</figcaption>'
            f"</figure>")
