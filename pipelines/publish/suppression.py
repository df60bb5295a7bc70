"""The published edition's small cells (metrics.md, "Editions and small cells"): which
figures of public.metric_values and public.annual_reach are hidden, from one computation
over both tables.

**k**, the threshold: 5 unless set. `small_cell_k` takes, first to last, an explicit value
(the publish asset's Dagster config field `small_cell_k`), the environment variable
YINGCAI_SMALL_CELL_K, the default 5. k is a whole number ≥ 2.

**What never reaches public.** Rows of a metric the registry marks `published = False`
(the selection cut-off and the lowest selected score: one student's score), and rows of an
*empty group*: a group whose population for the row is 0. The population of a row of
marts.metric_values is the cohort_size of the same group and cohort(s) (the applicants of
the same group and year for the applicant metrics, `Metric.population`); of an
all-cohort or three-cohort row, the sum of the sizes of the cohorts it adds up (an
all-cohort row adds up the cohorts whose single-cohort row has a figure: ever_reached's
only those before H; a Kaplan–Meier row, all cohorts); of annual_reach, the unit's
`students` of the year (the alumni, persons of its cohorts before the year, for
survey_response_rate). A row whose population is not in the tables is kept. A dropped row
is a known 0 of every count, so it is no member of any line below.

**Cells** are counts of persons (pipelines/publish/published_cells.py finds them): a
COUNT metric's value (cohort_size, applicants); a rate's numerator and denominator; a
Kaplan–Meier row's events (numerator) and persons at risk (denominator); the persons a
mean or median is over (its denominator); in annual_reach, `students` and the numerator
and denominator of girls_share and survey_response_rate. Hours, scores and the counts of
schools, universities and mentors are no cells.

**The rule**:

1. *small_count*: a count from 0 to k − 1 is hidden and shown `<k` (`<5`) — zero included,
   so that a zero is never told apart from a small count.
2. *complement*: a rate is given only where its numerator and its complement (denominator −
   numerator) are both at least k. Where the complement is below k (and the numerator is
   not already a small count) the numerator is hidden too, shown `*`, and is a hidden
   cell for rules 3 and 4. A Kaplan–Meier row's complement is the group's persons (the
   all-cohort cohort_size) minus its events.
3. *complementary*: a line — cells that add up to a total — with exactly one hidden member
   gets one more: the smallest shown member (a cell before the total when equal, then the
   first in the line), repeated until no line has exactly one hidden member. Every shown
   count is ≥ k after rules 1–2, so the smallest shown one is chosen. The lines
   (published_cells.py) are, per metric, count field, horizon and cohorts_pooled: the
   groups of a type against the national row of the same cohort year (also the provinces'
   three-cohort rows against the national three-cohort row); each group's single cohorts
   against its all-cohort row; the three single cohorts against their three-cohort row;
   per group, a sum of cohort sizes against every larger sum that contains it plus the
   cohorts it adds (the all-cohort denominators of different horizons, the three-cohort
   denominators, the alumni of consecutive years): the difference would give one cohort's
   size; in annual_reach, the
   32 units against the national row of the same year, measure and detail, and a unit's
   alumni who responded in a year against its cohorts' follow-up numerators for that
   survey year.
4. *linked*: the same population published twice is hidden in both: every count of the
   same population (the registry's person flag of a rate's numerator or denominator, or
   everybody of the cohort or application year: cohort_size, applicants, `students`) with
   the same group, cohort year and cohorts_pooled (a province's cohort size is the
   denominator of its completion rate and of every Top-Notch horizon, and its `students`
   of that year; the selected are selection_rate's numerator and selected_in_cohort_rate's
   denominator); every sum of cohort sizes over the same cohorts (an all-cohort
   denominator, a unit's alumni); the nation's girls of a year and the 女 group's cohort
   size. Two counts that are equal by chance are not linked: hiding one does not tell the
   other.

**Rows.** A row with a hidden count withholds (`*`) its value and interval and any other
figure that is not a count: a rate with its denominator gives back its numerator; a mean
or median over fewer than k persons (or over persons hidden by rule 3 or 4) is withheld,
and a Kaplan–Meier estimate whose events or persons at risk are hidden. An institution
count of annual_reach (schools, universities, mentors: not persons, shown as computed) is
withheld where its unit's `students` of the year is hidden (reason population_hidden). A
value that is NULL in the marts without a hidden count is not defined: shown `—`. The
row's `suppression` is the first of small_denominator (its denominator is 0 … k − 1),
small_count (another count is), complement (rule 2), complementary (rules 3–4 only),
population_hidden, or NULL.

**What this is not**: the line-by-line rule of metrics.md, iterated to a fixed point, not
an audit of every linear combination of lines (in rare patterns several lines together
can still pin a cell that each line alone cannot), nor of differences between cumulative
horizons of a numerator (topnotch_rate at h minus h − 1).
"""

from __future__ import annotations

import os
from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from pipelines.registry.editions import DEFAULT_K, K_ENVIRONMENT_VARIABLE, UNDEFINED_MARK, WITHHELD_MARK
from pipelines.registry.editions import small_count_mark as small_count_label

__all__ = [
    "DEFAULT_K", "K_ENVIRONMENT_VARIABLE", "UNDEFINED_MARK", "WITHHELD_MARK", "small_count_label",
    "Line", "SmallCellKError", "small_cell_k", "suppress_cells",
]

# Why a cell is hidden.
SMALL_COUNT = "small_count"
COMPLEMENT = "complement"
COMPLEMENTARY = "complementary"
LINKED = "linked"
# Why a row is suppressed (the `suppression` column), in precedence order.
SMALL_DENOMINATOR = "small_denominator"
POPULATION_HIDDEN = "population_hidden"
ROW_REASONS = (SMALL_DENOMINATOR, SMALL_COUNT, COMPLEMENT, COMPLEMENTARY, POPULATION_HIDDEN)
# A figure that is not a count, withheld because a count of its row is hidden.
WITHHELD = "withheld"


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
    complements: Iterable[Hashable] = (),
) -> dict[Hashable, str]:
    """{cell: why it is hidden} under rules 1–4 of the module docstring. `counts` holds
    every cell; `complements` are the cells rule 2 hides (numerators whose complement is
    below k); a line member or link member that is not in `counts` is ignored."""
    hidden: dict[Hashable, str] = {}
    members_of: list[list[Hashable]] = []
    totals: list[Hashable] = []
    for line in lines:
        if line.total not in counts:
            continue
        cells = [c for c in dict.fromkeys(line.cells) if c in counts and c != line.total]
        members_of.append([*cells, line.total])
        totals.append(line.total)
    lines_of: dict[Hashable, list[int]] = defaultdict(list)
    for index, members in enumerate(members_of):
        for member in members:
            lines_of[member].append(index)
    link_of: dict[Hashable, set[Hashable]] = defaultdict(set)
    for link in links:
        group = [c for c in dict.fromkeys(link) if c in counts]
        for cell in group:
            link_of[cell].update(group)

    queue: deque[int] = deque(range(len(members_of)))
    queued: set[int] = set(range(len(members_of)))

    def hide(cell: Hashable, reason: str | None) -> None:
        """Hide `cell` for `reason` (None: it is hidden already) and every cell linked to it."""
        pending = [(cell, reason)]
        while pending:
            cell, reason = pending.pop()
            if cell in hidden and reason is not None:
                continue
            hidden.setdefault(cell, reason)
            for index in lines_of.get(cell, ()):
                if index not in queued:
                    queued.add(index)
                    queue.append(index)
            pending += [(other, LINKED) for other in link_of.get(cell, ()) if other not in hidden]

    # Rules 1 and 2 first, so that a small count is one whatever it is linked to.
    primary = {cell: SMALL_COUNT for cell, count in counts.items() if count < k}
    primary |= {cell: COMPLEMENT for cell in complements if cell in counts and cell not in primary}
    hidden.update(primary)
    for cell in primary:
        hide(cell, None)

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
            if member not in hidden
        ]
        if candidates:
            hide(min(candidates, key=lambda c: c[:3])[3], COMPLEMENTARY)
    return hidden


def row_suppression(reasons: Mapping[str, str | None]) -> str | None:
    """The `suppression` of a row from why each of its counts is hidden (field → reason)."""
    found = {r for r in reasons.values() if r}
    if not found:
        return None
    if reasons.get("denominator") == SMALL_COUNT:
        return SMALL_DENOMINATOR
    for reason in (SMALL_COUNT, COMPLEMENT):
        if reason in found:
            return reason
    return COMPLEMENTARY
