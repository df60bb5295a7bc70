"""Small-cell suppression: metrics.md, "Publication rules (small cells)", as plain functions.

**k**, the threshold: 5 unless set. `small_cell_k` takes, first to last, an explicit value
(the publish asset's Dagster config field `small_cell_k`), the environment variable
YINGCAI_SMALL_CELL_K, the default 5. k is a whole number ≥ 2 (public outputs are always
suppressed).

**Cells.** A cell is one count of persons in one row of marts.metric_values: the row's
numerator and denominator, and for cohort_size its value too (`COUNT_FIELDS`; the
numerator of the training-hours metrics is hours, not persons, and is no cell). A NULL or
fractional count is no cell.

**Lines.** A line is some cells and the cell that is their total. marts.metric_values holds
one table per metric, count field and horizon, with groups as rows and cohort years as
columns, and two kinds of line:

- *column lines*: for each cohort year (the pooled rows, cohort_year NULL, included) and
  each group_type other than `national`, the cells of every group_value; the total is the
  `national` row of the same metric, field, horizon and cohort year.
- *row lines*: for each group (group_type and group_value, `national` included), the cells
  of every cohort year; the total is the group's pooled row (cohort_year NULL).

A line whose total row is missing has no total and is left alone. A group_type that does
not cover every person (someone without a university) makes the total larger than the
sum of its cells; the line is treated as adding up all the same, which can only hide more.

**The rule**, applied until nothing changes:

1. *small_count*: a count from 1 to k − 1 is hidden, and shown as `<k` (`<5`). Zero and
   counts of k or more are shown.
2. *complementary*: a line with exactly one hidden member (a cell or its total) gets one
   more: the smallest visible non-zero member (a cell before the total when they are
   equal, then the first in the line: cohort years and group values in ascending order).
   Zeros are never chosen: total − visible cells would still give the protected value.
3. *linked*: a population count hidden in one place is hidden wherever it is published
   again. Population counts are the cohort sizes and every denominator; two of them are the
   same count when they are equal and have the same cohort_year, group_type and
   group_value (in any metric or horizon): a province's cohort size is also the
   denominator of its completion rate and of every Top-Notch horizon, and showing it in
   one place would undo hiding it in another. Equal populations that are not the same are
   hidden together too; that only hides more. Numerators are not linked: no two metrics
   publish the same numerator.

**Rows.** When the cells are settled, a row with any hidden count withholds its value,
ci_low and ci_high (a rate with its denominator gives back its numerator, and the interval
too) and a numerator that is not a count. So a rate whose denominator is below k is never
given. The row's `suppression` is the first of small_denominator (its denominator is
1 … k − 1), small_count (another of its counts is), complementary (hidden by rule 2 or 3
only), or NULL.

**What this is not**: the line-by-line rule of metrics.md, iterated to a fixed point, not
an audit of every linear combination of lines (in rare patterns several lines together
can still pin a cell that each line alone cannot), nor of differences between cumulative
horizons (topnotch_rate at h minus h − 1).
"""

from __future__ import annotations

import math
import os
from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from pipelines.registry.editions import DEFAULT_K, K_ENVIRONMENT_VARIABLE, WITHHELD_MARK
from pipelines.registry.editions import small_count_mark as small_count_label


# Why a cell is hidden.
SMALL_COUNT = "small_count"
COMPLEMENTARY = "complementary"
LINKED = "linked"
# Why a row is suppressed (public.metric_values.suppression), in precedence order.
SMALL_DENOMINATOR = "small_denominator"
ROW_REASONS = (SMALL_DENOMINATOR, SMALL_COUNT, COMPLEMENTARY)
# A value that is not a count, withheld because a count of its row is hidden.
WITHHELD = "withheld"

# The fields of a marts.metric_values row that count persons; every other metric counts
# persons in numerator and denominator.
DEFAULT_COUNT_FIELDS = ("numerator", "denominator")
COUNT_FIELDS: Mapping[str, tuple[str, ...]] = {
    "cohort_size": ("numerator", "denominator", "value"),
    "training_hours_mean": ("denominator",),
    "training_hours_median": ("denominator",),
}
METRIC_VALUE_FIELDS = ("numerator", "denominator", "value")
# Counts of a population, which other rows publish again as a denominator.
POPULATION_METRICS = ("cohort_size",)
NATIONAL = "national"


class SmallCellKError(ValueError):
    """k is not a whole number ≥ 2."""


def small_cell_k(configured: int | str | None = None) -> int:
    """k: `configured` when given, else YINGCAI_SMALL_CELL_K, else 5."""
    raw = configured if configured is not None else os.environ.get(K_ENVIRONMENT_VARIABLE)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return DEFAULT_K
    try:
        k = int(str(raw).strip())
    except ValueError:
        raise SmallCellKError(
            f"the small-cell threshold k ({K_ENVIRONMENT_VARIABLE} or small_cell_k) must be a "
            f"whole number ≥ 2, got {raw!r}"
        ) from None
    if k < 2:
        raise SmallCellKError(
            f"the small-cell threshold k must be at least 2 (public outputs are always "
            f"suppressed), got {k}"
        )
    return k


def count_fields(metric: str) -> tuple[str, ...]:
    return COUNT_FIELDS.get(metric, DEFAULT_COUNT_FIELDS)


@dataclass(frozen=True)
class Line:
    """Cells that add up to `total` (a key of a cell too)."""

    cells: tuple[Hashable, ...]
    total: Hashable


def suppress_cells(
    counts: Mapping[Hashable, int],
    lines: Iterable[Line],
    k: int,
    links: Iterable[Iterable[Hashable]] = (),
) -> dict[Hashable, str]:
    """{cell: why it is hidden} under rules 1–3 of the module docstring. `counts` holds
    every cell; a line member or link member that is not in `counts` is ignored."""
    hidden: dict[Hashable, str] = {}
    members_of: list[list[Hashable]] = []
    totals: list[Hashable] = []
    for line in lines:
        if line.total not in counts:
            continue
        members_of.append([c for c in line.cells if c in counts and c != line.total] + [line.total])
        totals.append(line.total)
    lines_of: dict[Hashable, list[int]] = defaultdict(list)
    for index, members in enumerate(members_of):
        for member in members:
            lines_of[member].append(index)
    link_of: dict[Hashable, tuple[Hashable, ...]] = {}
    for link in links:
        group = tuple(c for c in dict.fromkeys(link) if c in counts)
        for cell in group:
            link_of[cell] = group

    queue: deque[int] = deque()
    queued: set[int] = set()

    def enqueue(cell: Hashable) -> None:
        for index in lines_of.get(cell, ()):
            if index not in queued:
                queued.add(index)
                queue.append(index)

    def hide(cell: Hashable, reason: str) -> None:
        hidden[cell] = reason
        enqueue(cell)
        for other in link_of.get(cell, ()):
            if other not in hidden and counts[other] > 0:
                hidden[other] = LINKED
                enqueue(other)

    primary = [cell for cell, count in counts.items() if 0 < count < k]
    hidden.update(dict.fromkeys(primary, SMALL_COUNT))
    for cell in primary:
        hide(cell, SMALL_COUNT)
    for index in range(len(members_of)):
        if index not in queued:
            queued.add(index)
            queue.append(index)

    while queue:
        index = queue.popleft()
        queued.discard(index)
        members = members_of[index]
        if sum(member in hidden for member in members) != 1:
            continue
        total = totals[index]
        candidates = [
            (counts[member], member == total, position, member)
            for position, member in enumerate(members)
            if member not in hidden and counts[member] > 0
        ]
        if candidates:
            hide(min(candidates, key=lambda c: c[:3])[3], COMPLEMENTARY)
    return hidden


def _whole(value) -> int | None:
    """A count as an int; None for NULL, NaN or a fraction (no cell)."""
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number) or number != int(number):
        return None
    return int(number)


def _order(value) -> tuple:
    """Sorting key that puts NULL (pooled, no horizon) first."""
    return (value is not None, value if value is not None else 0)


def metric_value_cells(
    rows: Sequence[Mapping],
) -> tuple[dict[tuple[int, str], int], list[Line], list[list[tuple[int, str]]]]:
    """The cells (row index, field) → count, lines and links of marts.metric_values rows
    (dicts with metric, cohort_year, group_type, group_value, horizon and the fields)."""
    counts: dict[tuple[int, str], int] = {}
    where: dict[tuple, int] = {}
    for index, row in enumerate(rows):
        key = (row["metric"], row["horizon"], row["group_type"], row["group_value"], row["cohort_year"],
               row.get("cohorts_pooled"))
        if key in where:
            raise ValueError(f"marts.metric_values has two rows for {key}")
        where[key] = index
        for field in count_fields(row["metric"]):
            count = _whole(row.get(field))
            if count is not None:
                counts[(index, field)] = count

    columns: dict[tuple, list[int]] = defaultdict(list)  # cohort year × group_type
    row_lines: dict[tuple, list[int]] = defaultdict(list)  # group × cohort years
    national: dict[tuple, int] = {}
    pooled: dict[tuple, int] = {}
    ordered = sorted(
        range(len(rows)),
        key=lambda i: (_order(rows[i]["cohort_year"]), _order(rows[i]["group_value"])),
    )
    for index in ordered:
        row = rows[index]
        metric, horizon, group_type = row["metric"], row["horizon"], row["group_type"]
        group = (metric, horizon, group_type, row["group_value"])
        # A three-cohort row (cohorts_pooled 3) is in the line of its own three cohorts
        # only, against the national row of the same three; not in its group's years.
        cohorts_pooled = row.get("cohorts_pooled")
        if group_type == NATIONAL:
            national[(metric, horizon, row["cohort_year"], cohorts_pooled)] = index
        else:
            columns[(metric, horizon, row["cohort_year"], cohorts_pooled, group_type)].append(index)
        if row["cohort_year"] is None:
            pooled[group] = index
        elif cohorts_pooled in (None, 1):
            row_lines[group].append(index)

    lines: list[Line] = []
    for (metric, horizon, cohort_year, cohorts_pooled, _), indices in sorted(
        columns.items(), key=lambda i: repr(i[0])
    ):
        total = national.get((metric, horizon, cohort_year, cohorts_pooled))
        if total is not None:
            lines += [Line(tuple((i, f) for i in indices), (total, f)) for f in count_fields(metric)]
    for group, indices in sorted(row_lines.items(), key=lambda i: repr(i[0])):
        total = pooled.get(group)
        if total is not None:
            lines += [Line(tuple((i, f) for i in indices), (total, f)) for f in count_fields(group[0])]

    same_count: dict[tuple, list[tuple[int, str]]] = defaultdict(list)
    for (index, field), count in counts.items():
        row = rows[index]
        if field == "denominator" or row["metric"] in POPULATION_METRICS:
            same_count[(row["cohort_year"], row["group_type"], row["group_value"], count)].append((index, field))
    links = [cells for cells in same_count.values() if len(cells) > 1]
    return counts, lines, links


SUPPRESSION_COLUMNS = {
    "numerator_hidden": pl.String,
    "denominator_hidden": pl.String,
    "value_hidden": pl.String,
    "suppression": pl.String,
}


def suppress_metric_values(frame: pl.DataFrame, k: int) -> pl.DataFrame:
    """marts.metric_values rows with, per row, why its numerator, denominator and value are
    hidden (small_count, complementary, linked or withheld; NULL when shown) and the row's
    `suppression` (small_denominator, small_count, complementary or NULL)."""
    rows = frame.to_dicts()
    counts, lines, links = metric_value_cells(rows)
    hidden = suppress_cells(counts, lines, k, links)
    columns: dict[str, list] = {name: [] for name in SUPPRESSION_COLUMNS}
    for index, row in enumerate(rows):
        fields = count_fields(row["metric"])
        reasons = {f: hidden.get((index, f)) for f in fields}
        withheld = any(reasons.values())
        for field in METRIC_VALUE_FIELDS:
            if field in fields:
                reason = reasons[field]
            else:
                reason = WITHHELD if withheld and row.get(field) is not None else None
            columns[f"{field}_hidden"].append(reason)
        if reasons.get("denominator") == SMALL_COUNT:
            columns["suppression"].append(SMALL_DENOMINATOR)
        elif SMALL_COUNT in reasons.values():
            columns["suppression"].append(SMALL_COUNT)
        elif withheld:
            columns["suppression"].append(COMPLEMENTARY)
        else:
            columns["suppression"].append(None)
    return frame.with_columns(
        pl.Series(name, values, dtype=dtype)
        for (name, dtype), values in zip(SUPPRESSION_COLUMNS.items(), columns.values(), strict=True)
    )
