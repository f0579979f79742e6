"""Charts every dashboard draws — a trend line, ranked horizontal bars, stacked bars, a distribution — as inline SVG
rendered on the server by matplotlib (so they need no script, pass the Content-Security-Policy and print in a PDF).

Each chart is accessible on its own: `role="img"`, a `<title>` and a `<desc>` named by `aria-labelledby`; the page
still shows its values in a real table beside it (`Chart.rows`, see portal/_chart.html). It is responsive: a viewBox
and `width="100%"`, no fixed size. Text stays text (`svg.fonttype: none`) in DejaVu Sans, which carries every
Vietnamese glyph and ships with matplotlib: no font is downloaded.

Rendering costs tens of milliseconds, so the SVG is cached by (kind, data hash, language): identical data gives
identical bytes (no date in the metadata, a fixed hash salt for the ids), and a second render is a cache read.
The caller passes every string already translated; the language in the key keeps the two languages apart.
"""

import hashlib
import io
import json
import math
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

CACHE_VERSION = 2  # 2: the tile map's squares carry their names (<title>)
CACHE_TTL = 24 * 60 * 60  # the key holds the data: an entry never goes stale, the TTL only frees memory
INK, MUTED, LINE, BAR = "#16191d", "#4d5560", "#cfd5dc", "#0a4a94"  # portal.css's ink, muted, line and link colours
WIDTH_INCHES = 5.4
# matplotlib's rcParams are one global dict and `rc_context` swaps it in place: two threads of one web worker
# (`lienthong start` runs threaded workers) drawing at once would draw with each other's settings or restore the
# wrong ones. Drawing is rare (the SVG is cached), so one chart at a time per process costs nothing.
_DRAWING = threading.Lock()
_STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "svg.fonttype": "none",
    "svg.hashsalt": "lienthong",
    "axes.edgecolor": LINE,
    "axes.labelcolor": INK,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "text.color": INK,
}
_SVG_OPEN = re.compile(r'<svg[^>]*?\s(viewBox="[^"]*")[^>]*>')


@dataclass(frozen=True)
class Chart:
    svg: SafeString  # inline <svg>, ready for a template
    title: str
    rows: list[tuple[str, str]]  # (label, formatted value): the same values as a table


def trend(
    *,
    title: str,
    desc: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    y_label: str,
    percent=False,
    y_max: float | None = None,
) -> Chart:
    """A line over time (months → values); None is a gap (nothing to measure that month), not a zero. `y_max` draws
    the axis from 0 to the scale's top (an index out of 100), so a small change does not look like a fall."""
    options = {"y_max": y_max} if y_max is not None else {}
    return _chart("trend", title=title, desc=desc, labels=list(labels), values=list(values), axis=y_label,
                  percent=percent, **options)  # fmt: skip


def ranked_bars(
    *, title: str, desc: str, labels: Sequence[str], values: Sequence[float], x_label: str, percent=False
) -> Chart:
    """Horizontal bars, longest first (top of the chart): units → values."""
    ranked = sorted(zip(labels, values, strict=True), key=lambda pair: -pair[1])
    return _chart("bars", title=title, desc=desc, labels=[label for label, _v in ranked],
                  values=[value for _l, value in ranked], axis=x_label, percent=percent)  # fmt: skip


def stacked_bars(
    *,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int], str]],
    x_label: str,
    as_share: bool = False,
) -> Chart:
    """Horizontal bars, one per label (top to bottom in the order given), each split into the `series`' segments —
    (name, one count per label, colour) — left to right in the order given, each segment with its count written on
    it and a legend naming the series (so colour is never the only cue). Counts of things: units per state per level.
    `as_share`: every bar is its label's whole (100 %), so a level of 21 units reads as well as one of 285 beside it;
    the segments still say the counts.
    """
    names = [name for name, _values, _colour in series]
    counts = [[int(value) for value in values] for _name, values, _colour in series]
    rows = [(f"{label} — {name}", _number(counts[s][i])) for i, label in enumerate(labels) for s, name in
            enumerate(names)]  # fmt: skip
    return _chart("stacked", title=title, desc=desc, labels=list(labels), values=counts, axis=x_label, rows=rows,
                  names=names, colours=[colour for _name, _values, colour in series], as_share=as_share)  # fmt: skip


def distribution(
    *, title: str, desc: str, values: Sequence[float], bin_edges: Sequence[float], x_label: str, y_label: str
) -> Chart:
    """A histogram (e.g. delays in days) over fixed `bin_edges`, so two periods are drawn on the same bins."""
    edges = list(bin_edges)
    counts = [0] * (len(edges) - 1)
    for value in values:
        for index in range(len(counts)):
            last = index == len(counts) - 1
            if edges[index] <= value < edges[index + 1] or (last and value == edges[-1]):
                counts[index] += 1
                break
    labels = [f"{_number(edges[i])}–{_number(edges[i + 1])}" for i in range(len(counts))]
    return _chart("histogram", title=title, desc=desc, labels=labels, values=counts, axis=y_label, x_axis=x_label,
                  edges=edges)  # fmt: skip


def tile_map(
    *,
    title: str,
    desc: str,
    tiles: Sequence[tuple[str, float | None, int, int]],
    legend_title: str,
    missing_label: str,
    classes: int = 5,
) -> Chart:
    """A tile map: (label, value in %, column, row) — one square per place on a grid, coloured by its value in
    `classes` equal steps between the values' rounded bounds (a legend names each step's range), the value written
    in the square (colour is never the only cue); None is hatched grey (`missing_label`). The table beside it
    lists every place with its value."""
    values = [value for _label, value, _col, _row in tiles if value is not None]
    # steps of a multiple of 5 points, from a multiple of the step, within 0–100 where the values allow
    smallest, largest = min(values, default=0), max(values, default=100)
    step = max(math.ceil((largest - smallest) / classes / 5) * 5, 5)
    low = math.floor(smallest / step) * step
    if low + step * classes < largest:  # the rounding down left the largest out: one step more
        step += 5
        low = math.floor(smallest / step) * step
    low = max(min(low, 100 - step * classes), 0) if largest <= 100 else low
    edges = [low + step * n for n in range(classes + 1)]
    rows = [(label, "—" if value is None else _number(value, True)) for label, value, _c, _r in tiles]
    return _chart("tiles", title=title, desc=desc, labels=[t[0] for t in tiles], values=[t[1] for t in tiles],
                  axis=legend_title, rows=rows, places=[[t[2], t[3]] for t in tiles], edges=edges,
                  missing=missing_label)  # fmt: skip


TILE_COLOURS = ("#edf8b1", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494", "#081d58")  # YlGnBu, colour-blind safe


def _tiles(figure, axes, spec: dict) -> None:
    """Squares on a grid (row 0 at the top), each coloured by its value's step and labelled with it; a legend."""
    from matplotlib.patches import Patch, Rectangle

    edges, places = spec["edges"], spec["places"]
    steps = len(edges) - 1
    colours = TILE_COLOURS[:steps] if steps <= len(TILE_COLOURS) else TILE_COLOURS
    for index, (value, (col, row)) in enumerate(zip(spec["values"], places, strict=True)):
        # each square and its number carry a gid, by which `_tile_titles` gives the square its name
        if value is None:
            axes.add_patch(Rectangle((col, -row - 1), 0.94, 0.94, facecolor="#eceff2", edgecolor=MUTED,
                                     hatch="///", linewidth=0.4, gid=f"tile-{index}"))  # fmt: skip
            continue
        step = min(max(sum(1 for edge in edges[1:-1] if value >= edge), 0), len(colours) - 1)
        colour = colours[step]
        axes.add_patch(Rectangle((col, -row - 1), 0.94, 0.94, facecolor=colour, edgecolor="white", linewidth=0.5,
                                 gid=f"tile-{index}"))  # fmt: skip
        axes.text(col + 0.47, -row - 0.53, f"{value:.0f}", ha="center", va="center", fontsize=9,
                  color="white" if _dark(colour) else INK, gid=f"tile-{index}-value")  # fmt: skip
    columns = max((col for col, _row in places), default=0) + 1
    rows = max((row for _col, row in places), default=0) + 1
    axes.set_xlim(-0.2, columns + 0.2)
    axes.set_ylim(-rows - 0.2, 0.2)
    axes.set_aspect("equal")
    axes.axis("off")
    legend = [Patch(facecolor=colours[i], edgecolor=LINE, label=f"{_number(edges[i])}–{_number(edges[i + 1])}")
              for i in range(min(steps, len(colours)))]  # fmt: skip
    legend.append(Patch(facecolor="#eceff2", edgecolor=MUTED, hatch="///", label=spec["missing"]))
    # below the grid, so the squares take the whole width (on a phone the figure is drawn about 1:1)
    figure.legend(handles=legend, title=spec["axis"], loc="outside lower center", ncols=3, frameon=False,
                  fontsize=10, title_fontsize=10)  # fmt: skip


def _number(value: float, percent=False) -> str:
    from django.utils.formats import number_format

    if percent:
        return f"{number_format(value, decimal_pos=1)}%"
    return number_format(value, decimal_pos=0 if float(value).is_integer() else 1)


def _chart(
    kind: str, *, title: str, desc: str, labels: list[str], values: list, axis: str, rows=None, **options
) -> Chart:
    if rows is None:
        rows = [(label, "—" if value is None else _number(value, options.get("percent", False)))
                for label, value in zip(labels, values, strict=True)]  # fmt: skip
    spec = {"kind": kind, "title": title, "desc": desc, "labels": labels, "values": values, "axis": axis, **options}
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()
    key = f"core:chart:v{CACHE_VERSION}:{kind}:{get_language() or ''}:{digest}"
    svg = cache.get(key)
    if svg is None:
        svg = _render(spec)
        if kind == "tiles":
            names = [f"{label}: {shown if shown != '—' else options['missing']}" for label, shown in rows]
            svg = _tile_titles(svg, names)
        svg = _accessible(svg, title=title, desc=desc, ident=f"chart-{digest[:10]}", whole=kind != "tiles")
        cache.set(key, svg, CACHE_TTL)
    return Chart(svg=mark_safe(svg), title=title, rows=rows)  # noqa: S308 - built from escaped text only


def charts_warm() -> None:
    """Draw one small chart and throw it away: matplotlib's import, its font list and the SVG writer (about 1.5 s)
    are then paid when a web worker starts, not by the first leader who opens a dashboard (wsgi.py)."""
    _render({"kind": "bars", "labels": ["—"], "values": [1], "axis": ""})


def _render(spec: dict) -> str:
    """The bare SVG matplotlib writes. A Figure without pyplot (no GUI backend), one at a time (`_DRAWING`)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    with _DRAWING, matplotlib.rc_context(_STYLE):
        kind, labels, values = spec["kind"], spec["labels"], spec["values"]
        # 5.4 inches = 389 units wide: about 1:1 on a 390 px phone (11-unit text stays legible), the page caps it
        # on a desktop (portal.css, figure.chart) so the text does not grow past the body's
        height = {"bars": 0.8 + 0.3 * max(len(labels), 1), "stacked": 1.6 + 0.5 * max(len(labels), 1)}.get(kind, 2.8)
        if kind == "tiles":  # the grid's shape: as wide as the others, as tall as its rows need, the legend below
            columns = max(col for col, _row in spec["places"]) + 1
            height = (max(row for _col, row in spec["places"]) + 1) * (WIDTH_INCHES - 0.2) / columns + 1.1
        figure = Figure(figsize=(WIDTH_INCHES, height), layout="constrained")
        axes = figure.subplots()
        axes.spines[["top", "right"]].set_visible(False)
        if kind == "trend":
            points = [float("nan") if value is None else value for value in values]
            axes.plot(range(len(labels)), points, color=BAR, linewidth=2, marker="o", markersize=4)
            axes.set_xticks(range(len(labels)), labels, rotation=45 if len(labels) > 6 else 0, ha="right")
            axes.set_ylabel(spec["axis"])
            axes.grid(axis="y", color=LINE, linewidth=0.6)
            if spec.get("percent"):
                axes.set_ylim(0, 105)
            elif spec.get("y_max"):
                axes.set_ylim(0, spec["y_max"] * 1.05)
        elif kind == "stacked":
            _stacked(figure, axes, spec)
        elif kind == "tiles":
            _tiles(figure, axes, spec)
        elif kind == "bars":
            positions = range(len(labels))
            axes.barh(positions, values, color=BAR, height=0.6)
            axes.set_yticks(positions, [_short(label) for label in labels])
            axes.invert_yaxis()  # the longest on top
            axes.set_xlabel(spec["axis"])
            axes.grid(axis="x", color=LINE, linewidth=0.6)
            axes.set_axisbelow(True)
            if spec.get("percent"):
                axes.set_xlim(0, 100)
        else:
            edges = spec["edges"]
            axes.bar(edges[:-1], values, width=[b - a for a, b in zip(edges, edges[1:], strict=False)], align="edge",
                     color=BAR, edgecolor="white")  # fmt: skip
            axes.set_xlabel(spec["x_axis"])
            axes.set_ylabel(spec["axis"])
            axes.grid(axis="y", color=LINE, linewidth=0.6)
            axes.set_axisbelow(True)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, transparent=True)
    return buffer.getvalue()


def _stacked(figure, axes, spec: dict) -> None:
    labels, positions, left = spec["labels"], range(len(spec["labels"])), [0.0] * len(spec["labels"])
    wholes = [sum(counts[i] for counts in spec["values"]) or 1 for i in range(len(labels))]
    for name, counts, colour in zip(spec["names"], spec["values"], spec["colours"], strict=True):
        widths = [100 * n / whole for n, whole in zip(counts, wholes, strict=True)] if spec["as_share"] else counts
        bars = axes.barh(positions, widths, left=left, color=colour, height=0.6, label=name, edgecolor="white")
        # a count is written on its segment when the segment has room for it (the table beside has every count)
        room = [w >= (6 if spec["as_share"] else 0.06 * max(wholes)) for w in widths]
        ink = "white" if _dark(colour) else INK
        axes.bar_label(bars, labels=[_number(n) if n and fits else "" for n, fits in zip(counts, room, strict=True)],
                       label_type="center", color=ink)  # fmt: skip
        left = [a + b for a, b in zip(left, widths, strict=True)]
    axes.set_yticks(positions, [_short(label) for label in labels])
    axes.invert_yaxis()  # the first label on top
    axes.set_xlabel(spec["axis"])
    if spec["as_share"]:
        axes.set_xlim(0, 100)
    else:
        axes.xaxis.get_major_locator().set_params(integer=True)  # counts: no half a unit
    axes.grid(axis="x", color=LINE, linewidth=0.6)
    axes.set_axisbelow(True)
    figure.legend(loc="outside lower center", ncols=2, frameon=False)


def _dark(colour: str) -> bool:
    """Whether white text reads on `colour` (#rrggbb) better than the ink: its relative luminance (WCAG)."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2] < 0.18


def _short(label: str, limit: int = 28) -> str:
    """A long agency name cut in the middle on the chart, where names differ at both ends ("Ủy ban nhân dân xã …",
    "… số 41"); the table beside it has it whole."""
    if len(label) <= limit:
        return label
    head = (limit - 1) // 2
    return label[:head].rstrip() + "…" + label[-(limit - 1 - head) :].lstrip()


def _tile_titles(svg: str, names: list[str]) -> str:
    """Each square of a tile map named (its place and value) by a <title>, which a hover shows, and exposed as an image
    of its own to a screen reader; its number, said by the name already, is hidden from it."""

    def named(match: re.Match) -> str:
        if match.group(2):
            return '<g aria-hidden="true" pointer-events="none">'  # a hover over the number reaches the square
        return f'<g role="img"><title>{escape(names[int(match.group(1))])}</title>'

    return re.sub(r'<g id="tile-(\d+)(-value)?">', named, svg)


def _accessible(svg: str, *, title: str, desc: str, ident: str, whole: bool = True) -> str:
    """Inline-ready: no XML prologue or metadata, a viewBox and width 100%, role img, title and desc. A chart whose
    parts are named (`whole=False`: the tile map's squares) is a group of images rather than one."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'<g id="[^"]*"', "<g", svg)  # the groups' names (figure_1, axes_1, …): nothing refers to them
    # what is referred to (markers, clip paths) is prefixed: two charts on one page share no id
    svg = re.sub(r'(\sid="|url\(#|href="#)', rf"\g<1>{ident}-", svg)
    # The Content-Security-Policy (style-src 'self') blocks inline CSS: the <style> block and every style="…" become
    # presentation attributes, which it allows (matplotlib writes only properties that have one)
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = _STYLE_ATTRIBUTE.sub(_presentation, svg)
    svg = re.sub(r"\s*\n\s*", " ", svg)  # one line: a third lighter, and path data and text do not care
    match = _SVG_OPEN.match(svg)
    opening = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" {match.group(1)} '
        f'width="100%" class="chart" role="{"img" if whole else "group"}" aria-labelledby="{ident}-title {ident}-desc" '
        'stroke-linejoin="round" stroke-linecap="butt">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>'
    )
    return opening + svg[match.end() :].strip()


_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')


def _presentation(match: re.Match) -> str:
    attributes = []
    for declaration in match.group(1).split(";"):
        name, _colon, value = declaration.partition(":")
        if name.strip() and value.strip():
            attributes.append(f' {name.strip()}="{value.strip()}"')
    return "".join(attributes)
