"""Row-level expectations counted exactly in DuckDB, for frames too large to hand whole to
Great Expectations on pandas.

Each expectation of a suite that is a rule on every row becomes a SQL predicate over the
frame: `domain` (the rows the expectation looks at, as Great Expectations decides them:
non-null values for a column map, `ignore_row_if` for pairs and compounds) and
`unexpected` (the rows that break it). Counts come from one scan for all predicates plus
one GROUP BY per uniqueness rule. Expectations about the table's shape (columns present,
their types) are not row rules: the sample Great Expectations validates has the frame's
exact schema, so they stay with it.

Column names come from the suite (identifiers from a fixed list, quoted); values (sets,
bounds, patterns) are passed as parameters, never formatted into the SQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import duckdb

from pipelines.validation.outcome import EXAMPLES, expectation_name, example

SCHEMA_EXPECTATIONS = frozenset({
    "expect_table_columns_to_match_set",
    "expect_column_values_to_be_in_type_list",
    "expect_column_values_to_be_of_type",
})


class NotExact(ValueError):
    """An expectation this module cannot count in SQL: a large frame needs one it can."""


@dataclass(frozen=True)
class RowRule:
    name: str
    domain: str
    unexpected: str
    parameters: tuple = ()
    group_by: tuple[str, ...] = ()  # uniqueness: rows whose group holds more than one row
    columns: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Count:
    name: str
    element_count: int
    unexpected_count: int
    examples: tuple[str, ...] = ()

    @property
    def success(self) -> bool:
        return self.unexpected_count == 0


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _resolve(value, parameters: Mapping[str, object]):
    if isinstance(value, Mapping) and "$PARAMETER" in value:
        return parameters[value["$PARAMETER"]]
    return value


def _pair_domain(a: str, b: str, ignore_row_if: str) -> str:
    return {
        "both_values_are_missing": f"NOT ({a} IS NULL AND {b} IS NULL)",
        "either_value_is_missing": f"{a} IS NOT NULL AND {b} IS NOT NULL",
        "neither": "TRUE",
    }[ignore_row_if]


def row_rule(expectation_type: str, kwargs: Mapping, parameters: Mapping[str, object]) -> RowRule | None:
    """The SQL form of one expectation; None for a schema expectation."""
    if expectation_type in SCHEMA_EXPECTATIONS:
        return None
    if kwargs.get("mostly", 1) != 1 or kwargs.get("row_condition"):
        raise NotExact(f"{expectation_type}: mostly and row_condition are not counted in SQL")
    name = expectation_name(expectation_type, kwargs)
    column = kwargs.get("column")
    c = quote(column) if column else None
    match expectation_type:
        case "expect_column_values_to_not_be_null":
            return RowRule(name, "TRUE", f"{c} IS NULL", columns=(column,))
        case "expect_column_values_to_be_null":
            return RowRule(name, "TRUE", f"{c} IS NOT NULL", columns=(column,))
        case "expect_column_values_to_be_in_set":
            values = list(_resolve(kwargs["value_set"], parameters))
            return RowRule(name, f"{c} IS NOT NULL", f"NOT list_contains(?, {c})", (values,), columns=(column,))
        case "expect_column_values_to_be_between":
            low, high = kwargs.get("min_value"), kwargs.get("max_value")
            tests, values = [], []
            if low is not None:
                tests.append(f"{c} {'>' if kwargs.get('strict_min') else '>='} ?")
                values.append(low)
            if high is not None:
                tests.append(f"{c} {'<' if kwargs.get('strict_max') else '<='} ?")
                values.append(high)
            return RowRule(name, f"{c} IS NOT NULL", f"NOT ({' AND '.join(tests) or 'TRUE'})",
                           tuple(values), columns=(column,))
        case "expect_column_values_to_match_regex":
            return RowRule(name, f"{c} IS NOT NULL", f"NOT regexp_matches({c}, ?)",
                           (kwargs["regex"],), columns=(column,))
        case "expect_column_value_lengths_to_equal":
            return RowRule(name, f"{c} IS NOT NULL", f"length({c}) <> ?", (kwargs["value"],), columns=(column,))
        case "expect_column_pair_values_to_be_equal":
            a, b = quote(kwargs["column_A"]), quote(kwargs["column_B"])
            domain = _pair_domain(a, b, kwargs.get("ignore_row_if", "both_values_are_missing"))
            return RowRule(name, domain, f"{a} IS DISTINCT FROM {b}",
                           columns=(kwargs["column_A"], kwargs["column_B"]))
        case "expect_column_pair_values_a_to_be_greater_than_b":
            a, b = quote(kwargs["column_A"]), quote(kwargs["column_B"])
            domain = _pair_domain(a, b, kwargs.get("ignore_row_if", "both_values_are_missing"))
            operator = ">=" if kwargs.get("or_equal") else ">"
            return RowRule(name, domain, f"NOT coalesce({a} {operator} {b}, FALSE)",
                           columns=(kwargs["column_A"], kwargs["column_B"]))
        case "expect_column_values_to_be_unique":
            return RowRule(name, f"{c} IS NOT NULL", "", group_by=(column,), columns=(column,))
        case "expect_compound_columns_to_be_unique":
            columns = tuple(kwargs["column_list"])
            ignore = kwargs.get("ignore_row_if", "all_values_are_missing")
            quoted = [quote(x) for x in columns]
            domain = {
                "all_values_are_missing": "NOT (" + " AND ".join(f"{q} IS NULL" for q in quoted) + ")",
                "any_value_is_missing": " AND ".join(f"{q} IS NOT NULL" for q in quoted),
                "never": "TRUE",
            }[ignore]
            return RowRule(name, domain, "", group_by=columns, columns=columns)
    raise NotExact(f"{expectation_type} has no SQL form here")


def count_unexpected(
    con: duckdb.DuckDBPyConnection,
    frame_sql: str,
    rules: Sequence[RowRule],
    with_examples: bool,
) -> list[Count]:
    """Exact element and unexpected counts of every rule over the whole frame, and for a
    broken rule a few unexpected values (when `with_examples`)."""
    frame = f"WITH frame AS ({frame_sql.strip().rstrip(';')})\n"
    counts: dict[str, tuple[int, int]] = {}
    scanned = [r for r in rules if not r.group_by]
    if scanned:
        aggregates, values = [], []
        for rule in scanned:
            aggregates.append(f"count(*) FILTER (WHERE {rule.domain})")
            aggregates.append(f"count(*) FILTER (WHERE ({rule.domain}) AND ({rule.unexpected}))")
            values.extend(rule.parameters)  # only the second aggregate takes parameters
        row = con.execute(frame + "SELECT " + ", ".join(aggregates) + " FROM frame", values).fetchone()
        for i, rule in enumerate(scanned):
            counts[rule.name] = (row[2 * i], row[2 * i + 1])
    for rule in (r for r in rules if r.group_by):
        keys = ", ".join(quote(c) for c in rule.group_by)
        row = con.execute(
            frame + f"SELECT coalesce(sum(n), 0), coalesce(sum(n) FILTER (WHERE n > 1), 0) "
            f"FROM (SELECT count(*) AS n FROM frame WHERE {rule.domain} GROUP BY {keys})"
        ).fetchone()
        counts[rule.name] = (int(row[0]), int(row[1]))
    results = []
    for rule in rules:
        element_count, unexpected_count = counts[rule.name]
        examples: tuple[str, ...] = ()
        if unexpected_count and with_examples:
            examples = _examples(con, frame, rule)
        results.append(Count(rule.name, element_count, unexpected_count, examples))
    return results


def _examples(con: duckdb.DuckDBPyConnection, frame: str, rule: RowRule) -> tuple[str, ...]:
    columns = ", ".join(quote(c) for c in rule.columns)
    if rule.group_by:
        keys = ", ".join(quote(c) for c in rule.group_by)
        sql = (frame + f"SELECT {keys} FROM frame WHERE {rule.domain} GROUP BY {keys} "
               f"HAVING count(*) > 1 ORDER BY {keys} LIMIT {EXAMPLES}")
        rows = con.execute(sql).fetchall()
    else:
        sql = (frame + f"SELECT DISTINCT {columns} FROM frame WHERE ({rule.domain}) AND "
               f"({rule.unexpected}) ORDER BY ALL LIMIT {EXAMPLES}")
        rows = con.execute(sql, list(rule.parameters)).fetchall()
    return tuple(example(r[0] if len(r) == 1 else r) for r in rows)
