"""The publish layer: <output>/analytics.duckdb for analysts, made last in every run."""

from collections.abc import Iterable

import dagster as dg
from pydantic import Field

from pipelines.publish.database import publish
from pipelines.publish.suppression import K_ENVIRONMENT_VARIABLE, small_cell_k
from pipelines.resources import PathsResource

ANALYTICS_DATABASE = dg.AssetKey(["publish", "analytics_database"])
MAX_LISTED = 10


class PublishConfig(dg.Config):
    small_cell_k: int | None = Field(
        default=None,
        description=(
            "k of the small-cell rules: counts from 1 to k − 1 are hidden in the public "
            f"schema. Unset: {K_ENVIRONMENT_VARIABLE}, else 5."
        ),
    )


def asset_keys(assets: Iterable) -> list[dg.AssetKey]:
    """Every key of `assets` (definitions and specs), sorted: the deps of a step that must
    come after all of them."""
    keys = set()
    for asset in assets:
        if isinstance(asset, dg.AssetsDefinition):
            keys |= set(asset.keys)
        elif isinstance(asset, dg.AssetSpec):
            keys.add(asset.key)
    return sorted(keys, key=lambda k: k.to_user_string())


def analytics_database_asset(upstream: Iterable) -> dg.AssetsDefinition:
    """The publish asset, downstream of every asset in `upstream` (all the others): it
    runs only when they all succeeded, so a failed run leaves the last file in place.
    What each table's maker says about it becomes its comments (pipelines/descriptions.py)."""
    upstream = list(upstream)

    @dg.asset(key=ANALYTICS_DATABASE, group_name="publish", deps=[k for k in asset_keys(upstream) if k != ANALYTICS_DATABASE])
    def analytics_database(
        context: dg.AssetExecutionContext, config: PublishConfig, paths: PathsResource
    ) -> dg.MaterializeResult:
        """<output>/analytics.duckdb, the analysts' database: the warehouse's staging,
        core, marts and audit schemas (keyed by person_key: no names, no ID numbers, no
        raw or quarantined values) and the `public` schema with small cells suppressed for
        readers outside the analyst team, every table and column commented. Built beside
        the old file and renamed into place, so readers never see a half-written file;
        not published at all if a scan finds an ID or a name in it."""
        k = small_cell_k(config.small_cell_k)
        publication = publish(paths.warehouse, paths.output, k, context.run_id)
        if publication.undescribed:  # tests/test_publish.py fails on these too
            missing = publication.undescribed
            context.log.warning(
                f"{len(missing)} tables or columns of analytics.duckdb have no description "
                "(beside their makers, pipelines/descriptions.py): "
                + ", ".join(missing[:MAX_LISTED]) + (" …" if len(missing) > MAX_LISTED else "")
            )
        return dg.MaterializeResult(metadata={
            "path": dg.MetadataValue.path(str(publication.path)),
            "tables": publication.tables,
            "small_cell_k": k,
            "metric_rows_suppressed": publication.metric_rows_suppressed,
            "undescribed": len(publication.undescribed),
            "published_at": publication.published_at.isoformat(),
        })

    return analytics_database
