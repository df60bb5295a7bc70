"""What the charts share: colours, interval bands, hover texts, and building a chart in
both languages. A hidden figure is a gap in a chart (None), and its hover text says
`<5` or withheld; its number is never there to draw."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import plotly.graph_objects as go

from dashboards.cells import Cell
from dashboards.labels import LANGUAGES, Text

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
DISCIPLINE_COLOURS = {"数学": "#0072B2", "物理": "#E69F00", "化学": "#009E73", "生物": "#CC79A7", "计算机": "#56B4E9"}
GENDER_COLOURS = {"女": "#D55E00", "男": "#0072B2"}
NATIONAL_COLOUR = "#3e4c59"
HIDDEN_TILE = "#cbd2d9"
UNDEFINED_TILE = "#eef1f4"


def in_both_languages(build: Callable[[str], go.Figure]) -> dict[str, go.Figure]:
    return {lang: build(lang) for lang in LANGUAGES}


def rgba(colour: str, alpha: float) -> str:
    colour = colour.lstrip("#")
    red, green, blue = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({red},{green},{blue},{alpha})"


def add_interval_band(figure: go.Figure, x: Sequence, cells: Sequence[Cell], colour: str,
                      name: str, shape: str = "linear", **position) -> None:
    """`interval_band` drawn on `figure` (at `position`: row and col of a subplot)."""
    for trace in interval_band(x, cells, colour, name, shape):
        figure.add_trace(go.Scatter(trace), **position)


def interval_band(x: Sequence, cells: Sequence[Cell], colour: str, name: str,
                  shape: str = "linear") -> list[dict]:
    """A shaded 95% interval under a line, as scatter traces: for each run of points that
    have one, the upper bound, then the lower bound filled up to it. Points without an
    interval (hidden, undefined) are gaps, never bridged."""
    runs: list[list[int]] = []
    for index, cell in enumerate(cells):
        if cell.has_interval:
            if runs and runs[-1][-1] == index - 1:
                runs[-1].append(index)
            else:
                runs.append([index])
    traces = []
    for run in runs:
        xs = [x[i] for i in run]
        traces.append({
            "type": "scatter", "x": xs, "y": [cells[i].ci_high for i in run], "mode": "lines",
            "line": {"width": 0, "shape": shape}, "hoverinfo": "skip", "showlegend": False, "legendgroup": name, "name": name,
        })
        traces.append({
            "type": "scatter", "x": xs, "y": [cells[i].ci_low for i in run], "mode": "lines",
            "line": {"width": 0, "shape": shape}, "fill": "tonexty", "fillcolor": rgba(colour, 0.18), "hoverinfo": "skip",
            "showlegend": False, "legendgroup": name, "name": name,
        })
    return traces


def gap_annotation(figure: go.Figure, text: Text, lang: str) -> None:
    """A note in the middle of an empty chart."""
    figure.add_annotation(
        text=text(lang), showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5,
        font={"size": 14, "color": "#7b8794"},
    )
