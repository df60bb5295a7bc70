"""The one factory of single-table assets: `schema.table` made by its maker
(docs/extending.md, "Where a table is made") in one transaction, described from beside
it, reporting its row count under one metadata key."""

from collections.abc import Callable, Sequence

import dagster as dg

from pipelines.descriptions import describe
from pipelines.resources import PathsResource
from pipelines.warehouse import connect, run_sql, transaction

COLUMN_SCHEMA = "dagster/column_schema"
ROW_COUNT = "dagster/row_count"
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


def row_count(con, table: str) -> dict[str, int]:
    """The metadata of `table` ("schema.table", from the assets' fixed keys): its rows now."""
    (rows,) = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return {ROW_COUNT: rows}


def table_asset(
    schema: str,
    name: str,
    deps: Sequence,
    group: str | None = None,
    parameters: dict | None = None,
    prepare: Callable | None = None,
    make: Callable | None = None,
) -> dg.AssetsDefinition:
    """`schema.name`, rebuilt by sql/<schema>/<name>.sql (with named `parameters`), or by
    `make(con)` where Python makes it (pipelines/<schema>/<name>.py); described from
    beside its maker; reports its row count. `prepare(con)` first makes the temporary
    views or macros the SQL reads."""

    @dg.asset(key=[schema, name], deps=list(deps), group_name=group or schema, **described(f"{schema}.{name}"))
    def _asset(paths: PathsResource) -> dg.MaterializeResult:
        with connect(paths.warehouse) as con, transaction(con):
            if prepare is not None:
                prepare(con)
            if make is not None:
                make(con)
            else:
                run_sql(con, f"{schema}/{name}", parameters)
            metadata = row_count(con, f"{schema}.{name}")
        return dg.MaterializeResult(metadata=metadata)

    return _asset
