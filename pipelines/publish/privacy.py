"""What may go into analytics.duckdb, and the scan that refuses a file holding personal
identifiers: national IDs and names stay in the restricted warehouse.

Published: the staging, core, marts and audit schemas (keyed by person_key) and the
`public` schema. Withheld: raw (values as delivered), quarantine (rejected rows with their
delivered values) and restricted (IDs and names).

The scan looks at every column of every published table and fails on
- a column named like a raw identifier (`DENIED_COLUMNS`);
- an 18-character ID-shaped value (17 digits and a check character) in a text, text-list
  or integer column other than the hash columns;
- a hash column (`HASH_COLUMNS`) holding anything but 64 hex digits;
- a text value equal to a national ID or a name the warehouse holds in
  restricted.identities or in the raw tables of persons (students and mentors). A name
  that is also a code of the contract (a student called 高一 shares it with the grade)
  is left out: where it appears it is the code and says nothing about the person.
It reports tables, columns and counts, never a value.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipelines.cleaning import spellings
from pipelines.contract.provinces import PROVINCES
from pipelines.contract.reference_values import MENTOR_TITLES, TOPNOTCH_DISCIPLINES
from pipelines.contract.sources import YEARLY_SOURCES
from pipelines.publish.quoting import quote_identifier, quote_literal
from pipelines.staging.sources import IDENTIFYING_COLUMNS
from pipelines.warehouse import SCHEMAS

PUBLISHED_SCHEMAS = ("staging", "core", "marts", "audit")
WITHHELD_SCHEMAS = tuple(s for s in SCHEMAS if s not in PUBLISHED_SCHEMAS)
DENIED_COLUMNS = ("national_id", "raw_values", "extra_columns")
HASH_COLUMNS = ("person_key", "sha256", "file_sha256")
ID_SHAPE = r"\d{17}[0-9Xx]"
HEX_DIGEST = r"[0-9a-f]{64}"
TEXT_TYPES = ("VARCHAR", "JSON")
LIST_TYPES = ("VARCHAR[]",)
INTEGER_TYPES = ("BIGINT", "HUGEINT", "UBIGINT", "UHUGEINT")
# Raw tables of people besides the yearly sources: mentors' names stay in raw.mentors.
PERSON_REFERENCE_NAMES = (("mentors", "name"),)

# The canonical values of the contract's coded fields and reference lists.
_CODED_FIELDS = (
    spellings.GENDER, spellings.GRADE, spellings.DISCIPLINE, spellings.ACTIVITY_TYPE,
    spellings.ASSESSMENT_TYPE, spellings.RESULT, spellings.STATUS, spellings.MAJOR_CATEGORY,
    spellings.ADMISSION_ROUTE,
)
CODES: tuple[str, ...] = tuple(sorted(
    {str(value) for field in _CODED_FIELDS for value in spellings.canonical_values(field)}
    | set(MENTOR_TITLES)
    | set(TOPNOTCH_DISCIPLINES)
    | {name for unit in PROVINCES for name in (unit.name, unit.short_name)}
))


class PrivacyError(Exception):
    """A table about to be published holds, or may hold, personal identifiers."""


@dataclass(frozen=True)
class Finding:
    table: str
    column: str
    problem: str
    rows: int

    def __str__(self) -> str:
        return f"{self.table}.{self.column}: {self.problem} ({self.rows} rows)"


def _columns(con: duckdb.DuckDBPyConnection, catalog: str, schemas) -> list[tuple[str, str, str, str]]:
    return con.execute(
        "SELECT schema_name, table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE database_name = ? AND list_contains(?, schema_name) "
        "ORDER BY schema_name, table_name, column_index",
        [catalog, list(schemas)],
    ).fetchall()


def collect_secrets(con: duckdb.DuckDBPyConnection, warehouse_catalog: str) -> int:
    """Every national ID and name of the attached warehouse into the temporary table
    publish_secrets (in memory, never in the file); returns how many."""
    sources = [
        (schema, table, column)
        for schema, table, column, _ in _columns(con, warehouse_catalog, ("raw", "restricted"))
        if (schema == "restricted" and table == "identities" and column in IDENTIFYING_COLUMNS)
        or (schema == "raw" and table in YEARLY_SOURCES and column in IDENTIFYING_COLUMNS)
        or (schema == "raw" and (table, column) in PERSON_REFERENCE_NAMES)
    ]
    catalog = quote_identifier(warehouse_catalog)
    # Distinct per table first: ten million training rows hold 280,000 IDs.
    selects = [
        f"SELECT DISTINCT CAST({quote_identifier(c)} AS VARCHAR) AS value "
        f"FROM {catalog}.{quote_identifier(s)}.{quote_identifier(t)}"
        for s, t, c in sources
    ] or ["SELECT NULL::VARCHAR AS value"]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE publish_secrets AS SELECT DISTINCT trim(value) AS value FROM ("
        + " UNION ALL ".join(selects)
        + ") WHERE length(trim(value)) >= 2 AND NOT list_contains(?, trim(value))",
        [list(CODES)],
    )
    (count,) = con.execute("SELECT count(*) FROM publish_secrets").fetchone()
    return count


def scan(con: duckdb.DuckDBPyConnection, schemas) -> list[Finding]:
    """Findings in the tables of `schemas` of the connection's own database (after
    `collect_secrets`).

    Text is tested once per distinct value, weighted by its rows: ten million training
    rows hold a few thousand mentor IDs. The distinct values of every text column are
    gathered first and compared with the identifiers in one join, rather than a join
    (and a hash table of a million identifiers) per column: the scan of a national
    publication took 13 s that way."""
    (catalog,) = con.execute("SELECT current_database()").fetchone()
    columns = _columns(con, catalog, schemas)
    found: dict[tuple[str, str], list[tuple[str, int]]] = {}
    text_columns = []
    for schema, table, column, data_type in columns:
        if data_type in TEXT_TYPES and column not in DENIED_COLUMNS + HASH_COLUMNS:
            text_columns.append((schema, table, column))
        else:
            where = f"{quote_identifier(schema)}.{quote_identifier(table)}"
            found[f"{schema}.{table}", column] = _column_findings(con, where, column, data_type)
    for table, column, id_shaped, secret in _text_findings(con, text_columns):
        found[table, column] = [("ID-shaped values", id_shaped), ("national IDs or names of persons", secret)]
    return [  # in the tables' column order
        Finding(f"{schema}.{table}", column, problem, rows)
        for schema, table, column, _ in columns
        for problem, rows in found.get((f"{schema}.{table}", column), [])
        if rows or column in DENIED_COLUMNS
    ]


def _text_findings(con, columns: list[tuple[str, str, str]]) -> list[tuple[str, str, int, int]]:
    """(schema.table, column, rows with an ID-shaped value, rows holding an identifier)
    for each text column of `columns`."""
    if not columns:
        return []
    distinct = " UNION ALL ".join(
        f"SELECT {quote_literal(f'{schema}.{table}')} AS table_name, {quote_literal(column)} AS column_name, "
        f"CAST({quote_identifier(column)} AS VARCHAR) AS v, count(*) AS n "
        f"FROM {quote_identifier(schema)}.{quote_identifier(table)} GROUP BY ALL"
        for schema, table, column in columns
    )
    return con.execute(
        "SELECT table_name, column_name, "
        "coalesce(sum(n) FILTER (WHERE regexp_matches(v, ?)), 0), "
        "coalesce(sum(n) FILTER (WHERE trim(v) IN (SELECT value FROM publish_secrets)), 0) "
        f"FROM ({distinct}) GROUP BY ALL",
        [ID_SHAPE],
    ).fetchall()


def _count(con: duckdb.DuckDBPyConnection, sql: str, parameters=()) -> int:
    return con.execute(sql, list(parameters)).fetchone()[0]


def _column_findings(con, table: str, column: str, data_type: str) -> list[tuple[str, int]]:
    """(problem, rows) for one column of `table` (quoted schema.table) that is not a
    plain text column (those are `_text_findings`)."""
    col = quote_identifier(column)
    text = f"CAST({col} AS VARCHAR)"
    if column in DENIED_COLUMNS:
        return [("a raw identifier column", _count(con, f"SELECT count(*) FROM {table}"))]
    if column in HASH_COLUMNS:
        # Per distinct value: 280,000 person keys in ten million training rows.
        sql = (f"SELECT coalesce(sum(n), 0) FROM (SELECT {text} AS v, count(*) AS n FROM {table} GROUP BY ALL) "
               f"WHERE v IS NOT NULL AND NOT regexp_full_match(v, ?)")
        return [("a hash column holding something else", _count(con, sql, [HEX_DIGEST]))]
    if data_type in INTEGER_TYPES:
        # An integer's text holds 18 digits in a row exactly when |value| ≥ 10^17: the
        # same test as the pattern, without turning ten million numbers into text.
        shaped = f"{col} >= {10**17}" + ("" if data_type.startswith("U") else f" OR {col} <= -{10**17}")
        return [("ID-shaped values", _count(con, f"SELECT count(*) FROM {table} WHERE {shaped}"))]
    if data_type in LIST_TYPES:  # lists live in the small reference tables
        id_shaped = _count(con, f"SELECT count(*) FROM {table} WHERE regexp_matches({text}, ?)", [ID_SHAPE])
        secret = _count(
            con,
            f"SELECT count(*) FROM (SELECT trim(unnest({col})) AS v FROM {table}) AS t "
            "SEMI JOIN publish_secrets AS s ON t.v = s.value",
        )
        return [("ID-shaped values", id_shaped), ("national IDs or names of persons", secret)]
    return []


def refuse_personal_data(con: duckdb.DuckDBPyConnection, schemas) -> None:
    findings = scan(con, schemas)
    if findings:
        raise PrivacyError(
            "analytics.duckdb not published: it would hold personal identifiers — "
            + "; ".join(str(f) for f in findings)
        )
