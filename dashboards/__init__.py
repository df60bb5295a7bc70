"""Presentation: the evaluation dashboards (offline HTML pages) and the annual
assessments (`reports`), built from the `public` schema of analytics.duckdb only (for the
data-quality page its delivery-quality tables); no page opens the warehouse. Of the
pipeline it imports only plain declarations (pipelines.contract, pipelines.registry;
tests/test_layers.py).

- `public`: reading the `public` schema of analytics.duckdb (hidden cells carry no number);
- `cells`: one figure as a reader sees it (`<5`, `—`, n/a) and figures derived safely;
- `labels`: every word in Chinese and English; `tile_grid`: China's 32 units as tiles;
- `charts`, `overview`, `provinces`, `quality`: the charts and pages;
- `page`: one self-contained HTML file (plotly.js inside, language switch, selectors);
- `build`: writing <output>/dashboards/; `files`: writing a file readers never see half of;
- `reports`: the annual assessment of a year (HTML report and workbook).
"""
