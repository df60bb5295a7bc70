"""The `out_of_range` rules: per source, the column each rule is about and the condition
under which a typed row breaks it. Conditions read the typed columns (after defaults)
and `year`, the delivery folder year Y."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from pipelines.registry import sources as registry

_Y = pl.col("year")

# activity_date in [Y-01-01, (Y+1)-03-31]: training runs through year Y, and its last
# activities may be recorded up to the end of March of the next year. Written with year
# and month, not two dates built per row, which costs several times more on 10M rows.
_ACTIVITY_YEAR = pl.col("activity_date").dt.year()
ACTIVITY_DATE_IN_RANGE = (_ACTIVITY_YEAR == _Y) | (
    (_ACTIVITY_YEAR == _Y + 1) & (pl.col("activity_date").dt.month() <= 3)
)
MAX_HOURS = 24
SCORE_RANGE = (0, 100)

SINGLE_ROW_RULES: Mapping[str, Mapping[str, pl.Expr]] = {
    registry.COHORT.name: {
        "cohort_year": pl.col("cohort_year") != _Y,
    },
    registry.APPLICANTS.name: {
        "selection_score": ~pl.col("selection_score").is_between(*SCORE_RANGE),
    },
    registry.TRAINING.name: {
        "activity_date": ~ACTIVITY_DATE_IN_RANGE,
        "hours": (pl.col("hours") <= 0) | (pl.col("hours") > MAX_HOURS),
    },
    registry.ASSESSMENT.name: {},
    registry.FOLLOWUP.name: {
        "survey_year": pl.col("survey_year") != _Y,
        "topnotch_year": pl.col("topnotch_year") > pl.col("survey_year"),
    },
}


def topnotch_year_before_cohort(topnotch_year: pl.Expr, cohort_year: pl.Expr) -> pl.Expr:
    """The cross-source half of the topnotch_year rule: True when a followup row's
    topnotch_year lies before the student's cohort year, which makes the row
    `out_of_range` on column `topnotch_year`. False when either year is unknown.

    Apply it only to rows `typed_rows` left unrejected: every single-row reason comes
    before or is this one, and the only other out_of_range column of followup
    (survey_year) comes first in contract order, so an existing reason always stands."""
    return (topnotch_year < cohort_year).fill_null(False)
