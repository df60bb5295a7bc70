"""Declarations of the project's delivery sources and metrics: plain data, no Dagster;
the pipeline and the presentation both derive from them."""
