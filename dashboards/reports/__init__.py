"""The annual assessment for year Y (年度评估): a printable HTML report and an XLSX
workbook with a national summary and the path of each cohort, a scorecard for each of the
32 reporting units, the university and mentor-title breakdowns, and the methods — in two
editions from one reader (dashboards.public): internal (the marts' figures with intervals,
marked 内部资料) and published (the small-cell-suppressed public figures).

- `scorecard`: the measures of the assessment and their figures per unit;
- `methods`: what each measure means, the marks' legend, and how censoring, intervals,
  suppression and non-response are handled (text of both outputs);
- `html`, `workbook`: the two outputs; `build`: writing both editions (for the pipeline's
  asset and `yingcai report`, pipelines.cli).
"""
