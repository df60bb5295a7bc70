"""The three editions of the figures and how a figure that is not given reads (metrics.md,
"Editions and small cells"): one place for every output — the `public` display columns,
the pages, the workbooks and their legends.

- **internal**: the national office's annual assessment and the analysts' `marts`:
  aggregates as computed, with intervals, every page and sheet marked 内部资料;
- **unit feedback**: what one reporting unit receives: its own figures as computed, every
  other unit's as published;
- **published**: the dashboards, the public assessment and the `public` schema: small
  cells suppressed with threshold k.

Marks: `<k` (`<5`) for a count from 0 to k − 1; `*` for a figure withheld for any other
reason (a rate by the complement rule, a count hidden by complementary suppression: it
may be large, so `<5` would be false); `—` only for a figure that is not defined, with
the reason in words (`undefined_reason`). Plain data: the pipeline and the presentation
both import it.
"""

from __future__ import annotations

from dataclasses import dataclass

INTERNAL = "internal"
UNIT_FEEDBACK = "unit_feedback"
PUBLISHED = "published"
EDITIONS = (INTERNAL, UNIT_FEEDBACK, PUBLISHED)

DEFAULT_K = 5
K_ENVIRONMENT_VARIABLE = "YINGCAI_SMALL_CELL_K"

WITHHELD_MARK = "*"
UNDEFINED_MARK = "—"
INTERNAL_MARK_ZH, INTERNAL_MARK_EN = "内部资料", "Internal"


def small_count_mark(k: int) -> str:
    """How a count from 0 to k − 1 is shown: `<5` for k = 5."""
    return f"<{k}"


@dataclass(frozen=True)
class Reason:
    """Why a figure is not defined, in words an officer understands."""

    code: str
    zh: str
    en: str


# Why a metric's figure for a cohort is not defined, by the rule that makes it so
# (pipelines/registry/metrics.py: needs_assessment, observed_years, the horizon).
NO_ASSESSMENT_YET = Reason("no_assessment_yet", "本届尚无结业考核数据", "no final assessment of this cohort yet")
NO_FOLLOWUP_YET = Reason("no_followup_yet", "本届尚无跟踪调查", "no follow-up survey of this cohort yet")
HORIZON_NOT_REACHED = Reason("horizon_not_reached", "入选至今未满所需年数", "not yet the required years since selection")
NO_SURVEY_IN_YEAR = Reason("no_survey_in_year", "当年尚无跟踪调查", "no follow-up survey in this year")
NO_APPLICANTS_DATA = Reason("no_applicants_data", "当年无申请者数据", "no applicants data for this year")
NOBODY_AT_RISK = Reason("nobody_at_risk", "已无仍在观察中的学生", "nobody still observed at this horizon")
EMPTY_GROUP = Reason("empty_group", "无相应学生", "no students in this group")
REASONS = (
    NO_ASSESSMENT_YET, NO_FOLLOWUP_YET, HORIZON_NOT_REACHED, NO_SURVEY_IN_YEAR,
    NO_APPLICANTS_DATA, NOBODY_AT_RISK, EMPTY_GROUP,
)
