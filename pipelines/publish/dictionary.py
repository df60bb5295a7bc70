"""docs/data-dictionary.md, generated from the comments of a published analytics.duckdb.

    .venv/bin/python -m pipelines.publish.dictionary [DATABASE] [--out FILE] [--check]

DATABASE defaults to data/output/analytics.duckdb (what `make run` publishes). The file
lists schemas, tables, columns, types and descriptions only, no data, so any demo run
gives the same text. --check compares instead of writing and exits 1 on a difference.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from pipelines.publish.database import ANALYTICS_SCHEMAS
from pipelines.publish.suppression import DEFAULT_K, K_ENVIRONMENT_VARIABLE, WITHHELD_MARK, small_count_label
from pipelines.paths import DEFAULT_OUTPUT

ROOT = Path(__file__).resolve().parents[2]
DICTIONARY = ROOT / "docs" / "data-dictionary.md"
DEFAULT_DATABASE = Path(DEFAULT_OUTPUT) / "analytics.duckdb"
REGENERATE = "make run && .venv/bin/python -m pipelines.publish.dictionary"

SCHEMA_NOTES = {
    "public": "For readers outside the analyst team: figures about groups, small cells suppressed.",
    "marts": "The outcome metrics of metrics.md and their summaries, unsuppressed (analysts only).",
    "core": "One row per person, fact or person-year, keyed by person_key (analysts only).",
    "staging": "Every delivered row typed and checked, rejected rows included with their reason, keyed by person_key (analysts only).",
    "audit": "What became of every delivered file and row: for data stewards.",
}


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def dictionary(database: Path) -> str:
    """The markdown text of the data dictionary of `database`."""
    with duckdb.connect(str(database), read_only=True) as con:
        tables = con.execute(
            "SELECT schema_name, table_name, comment FROM duckdb_tables() "
            "WHERE database_name = current_database() ORDER BY schema_name, table_name"
        ).fetchall()
        columns = con.execute(
            "SELECT schema_name, table_name, column_name, data_type, comment FROM duckdb_columns() "
            "WHERE database_name = current_database() ORDER BY schema_name, table_name, column_index"
        ).fetchall()
    by_table: dict[tuple[str, str], list[tuple[str, str, str | None]]] = {}
    for schema, table, column, data_type, comment in columns:
        by_table.setdefault((schema, table), []).append((column, data_type, comment))
    order = {schema: i for i, schema in enumerate(ANALYTICS_SCHEMAS)}
    tables.sort(key=lambda t: (order.get(t[0], len(order)), t[0], t[1]))

    lines = [
        "# Data dictionary: analytics.duckdb",
        "",
        "<!-- Generated from the comments of a published analytics.duckdb by",
        f"     {REGENERATE}",
        "     Do not edit by hand: change the descriptions beside the tables' makers",
        "     (pipelines/descriptions.py) and regenerate. -->",
        "",
        "`<output>/analytics.duckdb` is published at the end of every successful `yingcai run`:",
        "the warehouse without its restricted parts (no raw, quarantine or restricted schema: no",
        "names, no ID numbers, no values as delivered), with a comment on every table and column",
        "(`SELECT * FROM duckdb_columns()` shows them). Open it read-only with the pinned CLI:",
        "`.venv/bin/duckdb -readonly data/output/analytics.duckdb`.",
        "",
        f"In the `public` schema a count from 1 to k − 1 is shown as `{small_count_label(DEFAULT_K)}` (k = {DEFAULT_K} unless",
        f"`{K_ENVIRONMENT_VARIABLE}` or the publish asset's `small_cell_k` says otherwise; `public.publication`",
        f"gives the k used) and a figure withheld for another reason as `{WITHHELD_MARK}`; the numeric columns",
        "hold NULL for both.",
        "",
        "| schema | tables | what |",
        "|---|---|---|",
    ]
    schemas = list(dict.fromkeys(schema for schema, _, _ in tables))
    for schema in schemas:
        count = sum(1 for s, _, _ in tables if s == schema)
        lines.append(f"| `{schema}` | {count} | {_cell(SCHEMA_NOTES.get(schema))} |")
    for schema in schemas:
        lines += ["", f"## {schema}"]
        for s, table, comment in tables:
            if s != schema:
                continue
            lines += ["", f"### {schema}.{table}", "", comment or "*(no description)*", ""]
            lines += ["| column | type | description |", "|---|---|---|"]
            for column, data_type, column_comment in by_table.get((schema, table), []):
                lines.append(f"| `{column}` | {data_type} | {_cell(column_comment) or '*(no description)*'} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.publish.dictionary", description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", type=Path, default=DEFAULT_DATABASE)
    parser.add_argument("--out", type=Path, default=DICTIONARY)
    parser.add_argument("--check", action="store_true", help="compare with --out instead of writing it")
    args = parser.parse_args(argv)
    if not args.database.exists():
        print(f"no analytics database at {args.database}: run `make run` first", file=sys.stderr)
        return 2
    text = dictionary(args.database)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: regenerate it with {REGENERATE}", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
