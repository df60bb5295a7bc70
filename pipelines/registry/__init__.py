"""Declarations of the project's delivery sources and metrics: plain data, no Dagster."""
