"""One published figure and how it reads.

A `Cell` is a figure of the public schema as a reader may see it: shown (with its number),
a small count (shown as `<5`, never the number), withheld (a gap: hidden to protect
another cell, or a rate whose count is hidden), or undefined (no data yet, not yet
observable). Hidden cells carry no number at all: the public schema does not give it,
and nothing here computes it.

Figures derived from published ones (a share, a sum over cohorts) are computed only when
every part is shown: a sum over cells of which one is hidden could give that cell back
by subtraction, so such a sum is withheld too.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from dataclasses import dataclass

from dashboards.labels import UNDEFINED, WITHHELD_MARK
from pipelines.registry.editions import EMPTY_GROUP, Reason

SHOWN = "shown"
SMALL = "small"  # a count from 1 to k − 1
WITHHELD = "withheld"  # hidden for another reason, or a figure of a row with a hidden count
UNDEFINED_STATE = "undefined"  # not defined: no data, in progress, not yet observable

COUNT, RATE, HOURS = "count", "rate", "hours"


@dataclass(frozen=True)
class Cell:
    value: float | None = None
    state: str = UNDEFINED_STATE
    ci_low: float | None = None
    ci_high: float | None = None
    small_label: str = "<5"
    reason: Reason | None = None  # why an undefined figure is not defined, in words

    @property
    def shown(self) -> bool:
        return self.state == SHOWN and self.value is not None

    @property
    def hidden(self) -> bool:
        return self.state in (SMALL, WITHHELD)

    @property
    def empty(self) -> bool:
        """Not defined because nobody is in the group (no row in the published edition)."""
        return self.state == UNDEFINED_STATE and self.reason == EMPTY_GROUP

    @property
    def number(self) -> float | None:
        """The value when it may be shown, else None (a gap in a chart)."""
        return self.value if self.shown else None

    @property
    def has_interval(self) -> bool:
        return self.shown and self.ci_low is not None and self.ci_high is not None

    def text(self, kind: str, lang: str = "zh", interval: bool = False, digits: int = 1) -> str:
        """How the cell reads in a table: the number, `<5`, `—` or n/a."""
        if self.state == SMALL:
            # Only counts are shown as "<5"; a rate of a small count is simply not given.
            return self.small_label if kind == COUNT else WITHHELD_MARK
        if self.state == WITHHELD:
            return WITHHELD_MARK
        if not self.shown:
            return UNDEFINED(lang)
        text = format_number(self.value, kind, digits)
        if interval and self.has_interval:
            text += f" [{format_number(self.ci_low, kind, digits)}, {format_number(self.ci_high, kind, digits)}]"
        return text

    def label(self, kind: str, lang: str = "zh", interval: bool = False, digits: int = 1) -> str:
        """`text` for a chart: Plotly reads its text as HTML, so `<5` is written `&lt;5`."""
        return html.escape(self.text(kind, lang, interval, digits), quote=False)

    def why(self, lang: str = "zh") -> str:
        """Why an undefined figure is not defined, in words ("" for any other cell)."""
        if self.state != UNDEFINED_STATE or self.reason is None:
            return ""
        return self.reason.zh if lang == "zh" else self.reason.en

    def sort_key(self) -> float:
        """For sortable tables: hidden and undefined cells sort below every number."""
        return self.value if self.shown else -math.inf


def format_number(value: float, kind: str, digits: int = 1) -> str:
    if kind == COUNT:
        return f"{round(value):,}"
    if kind == RATE:
        return f"{value * 100:.{digits}f}%"
    return f"{value:,.{digits}f}"


def shown(value: float) -> Cell:
    return Cell(float(value), SHOWN)


def _not_shown(cells: list[Cell]) -> Cell | None:
    """What a figure derived from `cells` is when one of them is not shown: withheld when
    any is hidden, else undefined for the first undefined one's reason."""
    if any(c.hidden for c in cells):
        return Cell(state=WITHHELD)
    undefined = [c for c in cells if not c.shown]
    if undefined:
        return Cell(reason=undefined[0].reason)
    return None


def ratio(numerator: Cell, denominator: Cell) -> Cell:
    """numerator / denominator of two shown cells; withheld when either is hidden."""
    missing = _not_shown([numerator, denominator])
    if missing is not None:
        return missing
    if denominator.value == 0:
        return Cell(reason=EMPTY_GROUP)
    return shown(numerator.value / denominator.value)


def total(cells: Iterable[Cell]) -> Cell:
    """The sum of shown cells, parts without persons counting 0; withheld when any is
    hidden (it could be worked out by subtraction), undefined when any is undefined or
    there are none."""
    cells = list(cells)
    # A part without persons (the published edition has no row for an empty group) adds
    # nothing; its absence is published, so counting it as 0 gives nothing away.
    counted = [c for c in cells if not c.empty]
    if not counted:
        return Cell(reason=EMPTY_GROUP)
    missing = _not_shown(counted)
    if missing is not None:
        return missing
    return shown(sum(c.value for c in counted))


def difference(cell: Cell, reference: Cell) -> float | None:
    """cell − reference when both are shown."""
    if cell.shown and reference.shown:
        return cell.value - reference.value
    return None


# --- comparisons (metrics.md, "Comparing a unit with the nation") ------------------------

ABOVE, BELOW, NOT_DIFFERENT = 1, -1, 0


def against_reference(cell: Cell, reference: Cell) -> int:
    """ABOVE or BELOW where `cell`'s 95% interval lies wholly above or below the
    reference's value (a unit against the nation, same cohort(s) and horizon); otherwise
    NOT_DIFFERENT, whatever the point difference — no arrow, no colour."""
    if not (cell.has_interval and reference.shown):
        return NOT_DIFFERENT
    if cell.ci_low > reference.value:
        return ABOVE
    if cell.ci_high < reference.value:
        return BELOW
    return NOT_DIFFERENT


def against_previous(cell: Cell, previous: Cell) -> int:
    """ABOVE or BELOW where this year's and the previous year's 95% intervals do not
    overlap; otherwise NOT_DIFFERENT."""
    if not (cell.has_interval and previous.has_interval):
        return NOT_DIFFERENT
    if cell.ci_low > previous.ci_high:
        return ABOVE
    if cell.ci_high < previous.ci_low:
        return BELOW
    return NOT_DIFFERENT
