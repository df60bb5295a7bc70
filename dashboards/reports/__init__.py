"""The annual assessment for year Y (年度评估): a printable HTML report and an XLSX
workbook with a national summary, a scorecard for each of the 32 reporting units, and
the methods — built only from the small-cell-suppressed public figures of
<output>/analytics.duckdb.

- `scorecard`: the measures of the assessment and their figures per unit;
- `methods`: what each measure means, and how censoring, intervals, suppression and
  non-response are handled (text of both outputs);
- `html`, `workbook`: the two outputs; `build`: writing both (for the pipeline's asset and
  `yingcai report`, pipelines.cli).
"""
