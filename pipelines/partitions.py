"""Delivery years as Dagster partitions: one per four-digit folder of the input."""

import dagster as dg

year_partitions = dg.DynamicPartitionsDefinition(name="year")
