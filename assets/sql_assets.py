"""Assets whose whole work is one SQL file run against the warehouse in a transaction."""

from collections.abc import Callable, Sequence

import dagster as dg

from pipelines.resources import PathsResource
from pipelines.warehouse import connect, run_sql, transaction


def sql_table_asset(
    schema: str,
    name: str,
    description: str,
    deps: Sequence,
    group: str | None = None,
    parameters: dict | None = None,
    prepare: Callable | None = None,
) -> dg.AssetsDefinition:
    """`schema.name`, rebuilt by sql/<schema>/<name>.sql (with named `parameters`);
    reports its row count. `prepare(con)` first makes the temporary views the SQL reads."""

    @dg.asset(key=[schema, name], description=description, deps=list(deps), group_name=group or schema)
    def _asset(paths: PathsResource) -> dg.MaterializeResult:
        with connect(paths.warehouse) as con, transaction(con):
            if prepare is not None:
                prepare(con)
            run_sql(con, f"{schema}/{name}", parameters)
            (rows,) = con.execute(f"SELECT count(*) FROM {schema}.{name}").fetchone()
        return dg.MaterializeResult(metadata={"rows": rows})

    return _asset
