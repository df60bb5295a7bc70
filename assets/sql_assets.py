"""Assets whose whole work is one SQL file run against the warehouse in a transaction."""

from collections.abc import Callable, Sequence

import dagster as dg

from pipelines.descriptions import describe
from pipelines.resources import PathsResource
from pipelines.warehouse import connect, run_sql, transaction

COLUMN_SCHEMA = "dagster/column_schema"
UNKNOWN_TYPE = "unknown"  # a column described beside its SQL, typed only when it runs


def described(table: str) -> dict:
    """The description and `dagster/column_schema` of `table` ("schema.table"), from
    beside its maker (pipelines/descriptions.py): keyword arguments of an asset or spec."""
    found = describe(table)
    metadata = {}
    if found.columns:
        metadata[COLUMN_SCHEMA] = dg.TableSchema(columns=[
            dg.TableColumn(name, found.types.get(name, UNKNOWN_TYPE), description=text)
            for name, text in found.columns.items()
        ])
    return {"description": found.description, "metadata": metadata}


def sql_table_asset(
    schema: str,
    name: str,
    deps: Sequence,
    group: str | None = None,
    parameters: dict | None = None,
    prepare: Callable | None = None,
) -> dg.AssetsDefinition:
    """`schema.name`, rebuilt by sql/<schema>/<name>.sql (with named `parameters`) and
    described by its header; reports its row count. `prepare(con)` first makes the
    temporary views or macros the SQL reads."""

    @dg.asset(key=[schema, name], deps=list(deps), group_name=group or schema, **described(f"{schema}.{name}"))
    def _asset(paths: PathsResource) -> dg.MaterializeResult:
        with connect(paths.warehouse) as con, transaction(con):
            if prepare is not None:
                prepare(con)
            run_sql(con, f"{schema}/{name}", parameters)
            (rows,) = con.execute(f"SELECT count(*) FROM {schema}.{name}").fetchone()
        return dg.MaterializeResult(metadata={"rows": rows})

    return _asset
