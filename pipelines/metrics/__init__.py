"""Outcome metrics of metrics.md: the names and horizons (`names`), the statistics
(`statistics`: Wilson intervals, Kaplan–Meier cumulative incidence) and the assembly of
marts.metric_values from the core layer (`metric_values`). Plain functions over numpy
arrays, Polars frames and a DuckDB connection; no Dagster here."""
