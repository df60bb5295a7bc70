"""The names, groups and horizons of marts.metric_values (metrics.md), in one place.

Analysts' queries, the wide marts, dashboards and reports rely on these names: change
them only with metrics.md.
"""

from __future__ import annotations

from types import MappingProxyType

from pipelines.cleaning.spellings import DISCIPLINE, GENDER, GRADE, canonical_values
from pipelines.contract.provinces import PROVINCE_CODES
from pipelines.contract.reference_values import MENTOR_TITLES

# Every metric of marts.metric_values, in the order of metrics.md's table (also the
# table's row order). basic_major_unknown is the "unknown" column of the basic-major rate.
METRICS: tuple[str, ...] = (
    "cohort_size",
    "completion_rate",
    "excellence_rate",
    "withdrawal_rate",
    "training_hours_mean",
    "training_hours_median",
    "ever_reached",
    "followup_coverage",
    "topnotch_rate",
    "topnotch_km",
    "basic_major_rate",
    "basic_major_unknown",
    "qiangji_rate",
    "graduate_rate",
)

# Shares of persons: value = numerator / denominator with a 95% Wilson interval.
RATE_METRICS: tuple[str, ...] = (
    "completion_rate",
    "excellence_rate",
    "withdrawal_rate",
    "ever_reached",
    "followup_coverage",
    "topnotch_rate",
    "basic_major_rate",
    "basic_major_unknown",
    "qiangji_rate",
    "graduate_rate",
)

# Horizons h (years since selection) of the fixed-horizon rate and the Kaplan–Meier curve.
TOPNOTCH_HORIZONS: tuple[int, ...] = tuple(range(1, 9))
# The graduate-study rate is defined for cohorts with Y + 6 ≤ H.
GRADUATE_YEARS = 6
# The fixed horizon the wide marts show (topnotch_rate_4y).
SUMMARY_TOPNOTCH_HORIZON = 4
CONFIDENCE = 0.95

GROUP_TYPES: tuple[str, ...] = (
    "national", "province", "discipline", "gender", "grade", "university", "mentor_title",
)
NATIONAL = "all"

# Groups whose values are a fixed list: every value has rows, with or without students.
# University groups come from the data (the university_code of at least one person).
FIXED_GROUP_VALUES = MappingProxyType({
    "national": (NATIONAL,),
    "province": PROVINCE_CODES,
    "discipline": canonical_values(DISCIPLINE),
    "gender": canonical_values(GENDER),
    "grade": canonical_values(GRADE),
    "mentor_title": MENTOR_TITLES,
})
