"""Where SQL lives: sql/<schema>/<name>.sql makes the table <schema>.<name> and nothing
else sits directly in a schema folder (a model's steps sit in sql/<schema>/<name>/);
a query that makes no table lives beside the code that runs it; and every SQL file the
code names exists, every query file beside the code is named by it."""

from __future__ import annotations

import ast
import re
from fnmatch import fnmatch
from pathlib import Path

import pytest

from pipelines.validation.catalog import VALIDATIONS
from pipelines.validation.run import query_file
from pipelines.warehouse import SCHEMAS, SQL_DIR

ROOT = Path(__file__).resolve().parents[1]
CODE_FOLDERS = ("pipelines", "assets", "dashboards")
# Analysts' example queries, documented in the README: no table, not run by the pipeline.
EXAMPLES = SQL_DIR / "examples"
# Views a later issue is to publish, read by tests/test_report.py, not yet run.
REQUESTED = ROOT / "dashboards" / "reports" / "requested"
TABLE_SCHEMAS = (*SCHEMAS, "public")

MODELS = sorted(p for p in SQL_DIR.glob("*/*.sql") if p.parent != EXAMPLES)
STEPS = sorted(p for p in SQL_DIR.glob("*/*/*.sql") if EXAMPLES not in p.parents)
BESIDE_CODE = sorted(
    p for folder in CODE_FOLDERS for p in (ROOT / folder).rglob("*.sql") if REQUESTED not in p.parents
)


def _makes(text: str, table: str) -> bool:
    return re.search(
        rf"^\s*CREATE\s+(OR\s+REPLACE\s+)?(TABLE|VIEW)\s+(IF\s+NOT\s+EXISTS\s+)?{re.escape(table)}\b",
        text, flags=re.IGNORECASE | re.MULTILINE,
    ) is not None


def _persistent_tables(text: str) -> list[str]:
    """The non-temporary tables and views a SQL text creates."""
    return re.findall(
        r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_]+\.[a-z_]+)",
        text, flags=re.IGNORECASE | re.MULTILINE,
    )


@pytest.mark.parametrize("model", MODELS, ids=lambda p: str(p.relative_to(SQL_DIR)))
def test_a_sql_file_directly_in_a_schema_folder_makes_that_table(model):
    schema, name = model.parent.name, model.stem
    assert schema in TABLE_SCHEMAS
    text = model.read_text(encoding="utf-8")
    assert _makes(text, f"{schema}.{name}"), f"{model} does not make {schema}.{name}"
    assert set(_persistent_tables(text)) == {f"{schema}.{name}"}


@pytest.mark.parametrize("step", STEPS, ids=lambda p: str(p.relative_to(SQL_DIR)))
def test_a_step_sits_in_the_folder_of_its_model_and_makes_no_table(step):
    assert step.parent.parent.parent == SQL_DIR
    assert (step.parent.parent / f"{step.parent.name}.sql").is_file()
    assert _persistent_tables(step.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("query", BESIDE_CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_query_beside_the_code_makes_no_table(query):
    assert _persistent_tables(query.read_text(encoding="utf-8")) == []


def _pattern(node: ast.expr) -> str | None:
    """A string argument as a glob: f-string fields become '*'; None if not a string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "*" for v in node.values)
    return None


def _references() -> list[tuple[Path, str, str]]:
    """(module, function, glob of the SQL file) of every run_sql/sql/sql_file call that
    names its file by a string."""
    found = []
    for folder in CODE_FOLDERS:
        for module in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                    continue
                function = node.func.id
                argument = {"run_sql": 1, "sql": 0, "sql_file": 1}.get(function)
                if argument is None or len(node.args) <= argument:
                    continue
                pattern = _pattern(node.args[argument])
                if pattern is not None:
                    found.append((module, function, pattern))
    return found


REFERENCES = _references()


def _file_of(module: Path, function: str, pattern: str) -> str:
    if function == "sql_file":
        return str(module.parent / f"{pattern}.sql")
    return str(SQL_DIR / f"{pattern}.sql")


def test_a_sql_name_is_a_model_or_a_step_of_one():
    """run_sql/sql names reach only sql/<schema>/; other queries are sql_file paths."""
    named = [(m, p) for m, f, p in REFERENCES if f != "sql_file"]
    assert named and REFERENCES != named
    # f"{schema}/{name}": the SQL asset factory names a model by its asset key.
    assert [(m, p) for m, p in named if p.split("/")[0] not in (*TABLE_SCHEMAS, "*")] == []


@pytest.mark.parametrize(
    "module, function, pattern", REFERENCES,
    ids=[f"{m.relative_to(ROOT)}:{p}" for m, _, p in REFERENCES],
)
def test_every_sql_file_the_code_names_exists(module, function, pattern):
    wanted = _file_of(module, function, pattern)
    every_sql = [str(p) for p in [*MODELS, *STEPS, *BESIDE_CODE]]
    assert [p for p in every_sql if fnmatch(p, wanted)], f"{module}: no SQL file {wanted}"


def test_every_validation_frame_and_parameter_query_exists():
    names = {v.frame for v in VALIDATIONS if v.frame is not None}
    names |= {query for v in VALIDATIONS for query in v.parameters.values()}
    assert {query_file(name).stem for name in names} == names
    assert {p.stem for p in (ROOT / "pipelines/validation/queries").glob("*.sql")} == names


@pytest.mark.parametrize("query", BESIDE_CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_query_beside_the_code_is_named_by_it(query):
    assert any(
        fnmatch(str(query), _file_of(module, function, pattern))
        for module, function, pattern in REFERENCES if function == "sql_file"
    ), f"{query} is named by no sql_file call"
