"""Every table of a demo run's two DuckDB files is found from its name in one hop
(docs/extending.md, "Where a table is made"): `schema.table` is made by
sql/<schema>/<table>.sql, else by pipelines/<schema>/<table>.py, else, for a table named
after a registered source, by pipelines/<schema>/sources.py (its TABLES)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]


def makers(schema: str, table: str) -> list[Path]:
    """Every file the convention would name as the maker of `schema.table`."""
    found = [
        path for path in (ROOT / "sql" / schema / f"{table}.sql", ROOT / "pipelines" / schema / f"{table}.py")
        if path.is_file()
    ]
    sources = ROOT / "pipelines" / schema / "sources.py"
    if sources.is_file() and f"{schema}.{table}" in importlib.import_module(f"pipelines.{schema}.sources").TABLES:
        found.append(sources)
    return found


def makes(maker: Path, schema: str, table: str) -> bool:
    """Whether `maker` really makes `schema.table`."""
    name = f"{schema}.{table}"
    if maker.suffix == ".sql":
        pattern = rf"CREATE\s+(OR\s+REPLACE\s+)?TABLE\s+(IF\s+NOT\s+EXISTS\s+)?{re.escape(name)}\b"
        return re.search(pattern, maker.read_text(encoding="utf-8"), re.IGNORECASE) is not None
    if maker.name == "sources.py":
        return name in importlib.import_module(f"pipelines.{schema}.sources").TABLES
    return re.search(rf"\b{re.escape(name)}\b", maker.read_text(encoding="utf-8")) is not None


def tables(database: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_catalog = current_database() ORDER BY ALL"
        ).fetchall()


@pytest.fixture(scope="module")
def demo_tables(demo_run) -> dict[str, list[tuple[str, str]]]:
    return {
        "warehouse.duckdb": tables(demo_run.paths.warehouse),
        "analytics.duckdb": tables(demo_run.paths.output / "analytics.duckdb"),
    }


def test_every_table_of_both_files_has_exactly_one_maker_that_makes_it(demo_tables):
    assert len(demo_tables["warehouse.duckdb"]) > 30 and len(demo_tables["analytics.duckdb"]) > 20
    problems = []
    for database, listed in demo_tables.items():
        for schema, table in listed:
            found = makers(schema, table)
            if len(found) != 1:
                problems.append(f"{database} {schema}.{table}: makers {[str(p.relative_to(ROOT)) for p in found]}")
            elif not makes(found[0], schema, table):
                problems.append(f"{database} {schema}.{table}: {found[0].relative_to(ROOT)} does not make it")
    assert problems == []


def test_the_python_makers_by_name():
    """The Python makers the convention names, spot-checked: a table of its own, and the
    source-named tables of the registry."""
    assert makers("restricted", "identities") == [ROOT / "pipelines/restricted/identities.py"]
    assert makers("raw", "completed_input_state") == [ROOT / "pipelines/raw/completed_input_state.py"]
    assert makers("raw", "universities") == [ROOT / "pipelines/raw/sources.py"]
    assert makers("staging", "cohort") == [ROOT / "pipelines/staging/sources.py"]
    # a reference file's staging table is typed by SQL, not by the delivery sources' maker
    assert makers("staging", "universities") == [ROOT / "sql/staging/universities.sql"]
    assert makers("core", "no_such_table") == []


def test_a_sql_header_gives_the_description_and_the_column_descriptions():
    from pipelines.descriptions import sql_header

    text = (
        "/* core.example: One row per example,\n"
        "keyed by person_key.\n\n"
        "score: The score as\n    delivered.\n"
        "kind: a or b.\n*/\n"
        "-- a developer's note\nCREATE OR REPLACE TABLE core.example AS SELECT 1;\n"
    )
    found = sql_header("core.example", text)
    assert found.description == "One row per example, keyed by person_key."
    assert dict(found.columns) == {"score": "The score as delivered.", "kind": "a or b."}
    assert sql_header("core.example", "CREATE TABLE core.example (a INTEGER);").description is None
    with pytest.raises(ValueError, match="core.example"):
        sql_header("core.example", "/* core.other: Not this one. */")


def test_every_sql_model_has_a_header_naming_its_table():
    from pipelines.descriptions import describe

    models = [
        f"{path.parent.name}.{path.stem}" for path in sorted((ROOT / "sql").glob("*/*.sql"))
        if makes(path, path.parent.name, path.stem)
    ]
    assert len(models) >= 23
    assert [table for table in models if not describe(table).description] == []
