"""The names, groups and horizons of marts.metric_values, derived from the metric registry
(pipelines/registry/metrics.py, where each metric is declared once).

Analysts' queries, the wide marts, dashboards and reports rely on these names: change
them only with metrics.md.
"""

from __future__ import annotations

from types import MappingProxyType

from pipelines.cleaning.spellings import DISCIPLINE, GENDER, GRADE, canonical_values
from pipelines.contract.provinces import PROVINCE_CODES
from pipelines.contract.reference_values import MENTOR_TITLES
from pipelines.registry import metrics as registry

# Re-exported for the modules that read the groups and horizons here.
CONFIDENCE, GROUP_TYPES, NATIONAL = registry.CONFIDENCE, registry.GROUP_TYPES, registry.NATIONAL
SUMMARY_TOPNOTCH_HORIZON, TOPNOTCH_HORIZONS = registry.SUMMARY_TOPNOTCH_HORIZON, registry.TOPNOTCH_HORIZONS

__all__ = [
    "CONFIDENCE", "FIXED_GROUP_VALUES", "GROUP_TYPES", "METRICS", "NATIONAL", "RATE_METRICS",
    "SUMMARY_TOPNOTCH_HORIZON", "TOPNOTCH_HORIZONS",
]

# Every metric of marts.metric_values, in the order of metrics.md's table (also the
# table's row order).
METRICS: tuple[str, ...] = registry.REGISTRY.names()
# Shares of persons: value = numerator / denominator with a 95% Wilson interval.
RATE_METRICS: tuple[str, ...] = registry.REGISTRY.of_kind(registry.RATE)

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
