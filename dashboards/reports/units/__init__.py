"""The unit pack (单位反馈报告): what one of the 32 reporting units receives about itself for
year Y, in the unit-feedback edition of metrics.md ("Editions and small cells") — its own
figures as computed (it delivered those records) beside the national figure and every
other unit's figures as published — as a printable HTML file and a workbook, written to
<output>/reports/units/<Y>/<code>_<short name>.{html,xlsx}, outside restricted/.

- `figures`: the unit-feedback figures of every unit from one read of analytics.duckdb,
  and the pack's content (cohort path, three-cohort rates, trends, reach, the unit's
  position among the units);
- `deliveries`: the quality of the unit's deliveries from the public.delivery_* tables
  (empty where a table is absent);
- `html`, `workbook`: the two outputs (Chinese: the reader is a provincial office);
- `build`: paths, the shared local plotly.js, writing one pack or all 32.
"""
