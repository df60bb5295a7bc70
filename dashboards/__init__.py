"""The evaluation dashboards: offline HTML pages built from the published figures.

- `public`: reading the `public` schema of analytics.duckdb (hidden cells carry no number);
- `cells`: one figure as a reader sees it (`<5`, `—`, n/a) and figures derived safely;
- `labels`: every word in Chinese and English; `tile_grid`: China's 32 units as tiles;
- `charts`, `overview`, `provinces`, `quality`: the charts and pages;
- `page`: one self-contained HTML file (plotly.js inside, language switch, selectors);
- `build`: writing <output>/dashboards/.
"""
