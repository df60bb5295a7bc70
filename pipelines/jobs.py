"""Jobs: the whole pipeline, in one run over any range of delivery years."""

import dagster as dg

from pipelines.partitions import year_partitions

pipeline_job = dg.define_asset_job(
    "pipeline",
    selection=dg.AssetSelection.all(),
    partitions_def=year_partitions,
    description="Every asset: ingest the selected years, then rebuild everything downstream.",
)
