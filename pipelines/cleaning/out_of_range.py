"""The `out_of_range` rules: per source, the column each rule is about and the condition
under which a typed row breaks it. Conditions read the typed columns (after defaults)
and `year`, the delivery folder year Y."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping

import polars as pl

from pipelines.registry import sources as registry

_Y = pl.col("year")

# activity_date in [Y-01-01, (Y+1)-03-31]: training runs through year Y, and its last
# activities may be recorded up to the end of March (ACTIVITY_LAST_MONTH) of the next
# year. Written with year and month, not two dates built per row, which costs several
# times more on 10M rows.
ACTIVITY_LAST_MONTH = 3
_ACTIVITY_YEAR = pl.col("activity_date").dt.year()
ACTIVITY_DATE_IN_RANGE = (_ACTIVITY_YEAR == _Y) | (
    (_ACTIVITY_YEAR == _Y + 1) & (pl.col("activity_date").dt.month() <= ACTIVITY_LAST_MONTH)
)
# hours: more than MIN_HOURS_EXCLUDED, at most MAX_HOURS (one activity, one day).
MIN_HOURS_EXCLUDED = 0
MAX_HOURS = 24
SCORE_RANGE = (0, 100)


def activity_date_window(year: int) -> tuple[dt.date, dt.date]:
    """The first and last activity_date accepted in the delivery folder of `year`."""
    last_year = year + 1
    return dt.date(year, 1, 1), dt.date(last_year, ACTIVITY_LAST_MONTH, calendar.monthrange(last_year, ACTIVITY_LAST_MONTH)[1])

SINGLE_ROW_RULES: Mapping[str, Mapping[str, pl.Expr]] = {
    registry.COHORT.name: {
        "cohort_year": pl.col("cohort_year") != _Y,
    },
    registry.APPLICANTS.name: {
        "selection_score": ~pl.col("selection_score").is_between(*SCORE_RANGE),
    },
    registry.TRAINING.name: {
        "activity_date": ~ACTIVITY_DATE_IN_RANGE,
        "hours": (pl.col("hours") <= MIN_HOURS_EXCLUDED) | (pl.col("hours") > MAX_HOURS),
    },
    registry.ASSESSMENT.name: {},
    registry.FOLLOWUP.name: {
        "survey_year": pl.col("survey_year") != _Y,
        "topnotch_year": pl.col("topnotch_year") > pl.col("survey_year"),
    },
    registry.TOPNOTCH_ROSTER.name: {
        "entry_year": pl.col("entry_year") != _Y,
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
