"""How one published figure reads in a table of the pages: the figure (a number, `<5`,
`*` or `—`), its 95% interval on a line below, a comparison mark (▲ ▼) only where
dashboards.cells allows one, and for a figure that is not defined the reason in words.

The figure itself is in `<span class="figure">` (the same in both languages), so the
tests can read exactly what a reader sees."""

from __future__ import annotations

from dashboards import labels as L
from dashboards.cells import ABOVE, NOT_DIFFERENT, RATE, Cell
from dashboards.labels import PAGES, Text
from dashboards.page import DEFINITIONS_PAGE, esc, t
from pipelines.registry.editions import Reason
from pipelines.registry.metrics import REGISTRY


def reason_of(cell: Cell, metric: str | None) -> Reason | None:
    """Why an undefined figure is not defined: what the reader gives, else the metric's
    rule (pipelines/registry/metrics.py)."""
    if cell.reason is not None or metric is None:
        return cell.reason
    return REGISTRY.metric(metric).undefined_reason if metric in REGISTRY.names() else None


def figure_text(cell: Cell, kind: str) -> str:
    """The figure as a reader sees it, in both languages alike."""
    return cell.text(kind, "zh")


def interval_text(cell: Cell, kind: str = RATE) -> str:
    if not cell.has_interval:
        return ""
    return f"[{_number(cell.ci_low, kind)}, {_number(cell.ci_high, kind)}]"


def _number(value: float, kind: str) -> str:
    return Cell(value, "shown").text(kind)


def mark_markup(direction: int, above: Text, below: Text) -> str:
    """▲ or ▼ with its meaning as a tooltip and for screen readers; nothing otherwise."""
    if direction == NOT_DIFFERENT:
        return ""
    symbol, css, words = ("▲", "mark-above", above) if direction == ABOVE else ("▼", "mark-below", below)
    return (f' <span class="{css}" data-mark="{"above" if direction == ABOVE else "below"}" '
            f'title="{esc(words.zh)} · {esc(words.en)}">{symbol}</span>')


def cell_markup(cell: Cell, kind: str, key: str = "", metric: str | None = None, interval: bool = True,
                mark: str = "", css: str = "") -> str:
    """One <td>: the figure, its interval, `mark` (from mark_markup) and, when the figure
    is not defined, why."""
    sort = repr(cell.value) if cell.shown else ""
    parts = [f'<span class="figure">{esc(figure_text(cell, kind))}</span>', mark]
    if interval and kind == RATE and cell.has_interval:
        parts.append(f'<span class="interval">{esc(interval_text(cell))}</span>')
    reason = reason_of(cell, metric) if not (cell.shown or cell.hidden) else None
    if reason is not None:
        parts.append(f'<span class="reason">{t(Text(reason.zh, reason.en))}</span>')
    classes = " ".join(c for c in (css, "" if cell.shown else "hidden-cell") if c)
    attributes = (f' data-cell="{esc(key)}"' if key else "") + (f' class="{classes}"' if classes else "")
    return f'<td data-sort="{sort}"{attributes}>{"".join(parts)}</td>'


def legend_markup(small_label: str, k: int) -> str:
    """The marks of every page, and where they are explained in full."""
    return (
        f'<dl class="legend"><dt>{esc(small_label)}</dt><dd>{t(L.small_count_note(k))}</dd>'
        f"<dt>{esc(L.WITHHELD_MARK)}</dt><dd>{t(PAGES['withheld_legend'])}</dd>"
        f"<dt>{t(L.UNDEFINED)}</dt><dd>{t(PAGES['undefined_legend'])}</dd>"
        f"<dt>▲ ▼</dt><dd>{t(PAGES['comparison_legend'])}</dd>"
        f'<dd><a href="{DEFINITIONS_PAGE}">{t(PAGES["definitions_link"])}</a></dd></dl>'
    )

