"""Jobs: the whole pipeline, in one run over any range of delivery years."""

import dagster as dg

from pipelines.partitions import year_partitions

# Every run that writes the warehouse carries this tag; the instance's run coordinator
# limits it to one run at a time (data/dagster_home/dagster.yaml).
WAREHOUSE_TAG = "yingcai/warehouse"

pipeline_job = dg.define_asset_job(
    "pipeline",
    selection=dg.AssetSelection.all(),
    partitions_def=year_partitions,
    description="Every asset: ingest the selected years, then rebuild everything downstream.",
    tags={WAREHOUSE_TAG: "writer"},
)
