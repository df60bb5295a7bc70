"""The single-row rules of the contract, applied to one source's raw frame.

In: the raw layer's frame of one source, contract columns named by their English name
holding the cell text as delivered (an optional column may be absent), plus `file_path`,
`row_number` and `year` (the delivery folder year Y).

Out (`typed_rows`), one row per raw row, in this column order:
- `file_path`, `row_number`, `year`;
- every contract column of the source, typed and normalised (see `fields.COLUMN_KINDS`),
  with the defaults applied (cohort_year and survey_year: Y; topnotch: false) and, when
  the ID is valid, gender and birth_date taken from the ID;
- every contract column's raw text as `<column>_raw` (null where the file lacks the
  column), so a rejected row can be quarantined with what was delivered;
- `reject_reason` and `reject_column`: the first single-row rule the row breaks, in the
  contract's precedence, and the column it is about (the first such column in contract
  column order); both null when the row passes.
Columns of the raw frame outside the contract are not carried on (the raw layer keeps
them).

`broken_rules` lists every single-row rule a row breaks (not only the first), for the
steward's workbook; it is meant for the rejected rows only (run it on their raw rows):
the list costs a struct per check per row, which over every training row of a national
year would be paid for nothing. A required column the frame lacks reads as blank, so every row is missing_value
on it; a file without it should have been rejected whole (missing_column) before.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.cleaning.codes import INVALID_NATIONAL_ID, MISSING_VALUE, OUT_OF_RANGE
from pipelines.cleaning.fields import COLUMN_KINDS, typed_value
from pipelines.cleaning.national_id import birth_date_from_id, is_valid_national_id, sex_from_id
from pipelines.cleaning.out_of_range import SINGLE_ROW_RULES
from pipelines.cleaning.text import is_blank
from pipelines.contract.columns import SOURCE_COLUMNS, column_names
from pipelines.contract.reasons import precedence
from pipelines.registry.sources import DELIVERY_SOURCES

SOURCES = {s.name: s for s in DELIVERY_SOURCES}

LINEAGE_COLUMNS = ("file_path", "row_number", "year")
REJECT_COLUMNS = ("reject_reason", "reject_column")
_ID_VALID = "__national_id_valid"
_FIRST_FAILURE = "__first_failure"

# Optional columns whose blank cell means a value rather than nothing.
DEFAULTS: dict[str, pl.Expr] = {
    "cohort_year": pl.col("year").cast(pl.Int32),
    "survey_year": pl.col("year").cast(pl.Int32),
    "topnotch": pl.lit(False),
    "entry_year": pl.col("year").cast(pl.Int32),
}

# Columns the ID overrides when it is valid (the contract: "the ID wins").
ID_WINS = {"gender": sex_from_id, "birth_date": birth_date_from_id}


def raw_name(column: str) -> str:
    """The name under which a contract column's delivered text is kept."""
    return f"{column}_raw"


@dataclass(frozen=True)
class Check:
    """One single-row rule on one column: the row breaks it where `fails` is true."""

    reason: str
    column: str
    fails: pl.Expr


def single_row_checks(source: str) -> list[Check]:
    """Every single-row check of a source, in the order they decide: by the contract's
    reason precedence, then by contract column order. Reads the typed columns (defaults
    applied, gender and birth date still as given), the `_raw` columns and `year`."""
    order = column_names(source)
    checks = []
    if SOURCES[source].invalid_id_rejects:
        checks.append(Check(INVALID_NATIONAL_ID, "national_id",
                            pl.col("national_id").is_not_null() & ~pl.col(_ID_VALID)))
    for column in SOURCE_COLUMNS[source]:
        blank = _blank(column.name)
        if column.required:
            checks.append(Check(MISSING_VALUE, column.name, blank))
        failure = COLUMN_KINDS[column.name].failure
        if failure is not None:
            checks.append(Check(failure, column.name, ~blank & pl.col(column.name).is_null()))
    for column, fails in SINGLE_ROW_RULES[source].items():
        checks.append(Check(OUT_OF_RANGE, column, fails))
    return sorted(checks, key=lambda c: (precedence(c.reason), order.index(c.column)))


def _blank(column: str) -> pl.Expr:
    # The normalised ID also drops zero-width spaces, which are no white space to strip.
    if column == "national_id":
        return pl.col("national_id").is_null()
    return is_blank(pl.col(raw_name(column)))


def _first_failure(checks: list[Check]) -> pl.Expr:
    """Position in `checks` of the first check the row fails; null when it fails none."""
    return pl.coalesce(
        [pl.when(c.fails.fill_null(False)).then(pl.lit(i, pl.UInt32)) for i, c in enumerate(checks)]
    )


def _label(position: pl.Expr, labels: list[str]) -> pl.Expr:
    return position.replace_strict(
        list(range(len(labels))), labels, default=None, return_dtype=pl.String
    )


REASONS = "reasons"
# One broken rule: the element type of `broken_rules`' list (and of the quarantine's).
RULE = pl.Struct({"reason": pl.String, "column_name": pl.String})


def _checked(raw: pl.DataFrame | pl.LazyFrame, source: str) -> pl.LazyFrame:
    """Lineage, the typed columns with defaults (gender and birth date as given), the raw
    text and ID validity: what the single-row checks read."""
    names = column_names(source)
    present = set(raw.lazy().collect_schema().names())
    raw_text = (
        (pl.col(c).cast(pl.String) if c in present else pl.lit(None, pl.String)).alias(raw_name(c))
        for c in names
    )
    defaults = (
        pl.when(_blank(c)).then(default).otherwise(pl.col(c)).alias(c)
        for c, default in DEFAULTS.items() if c in names
    )
    return (
        raw.lazy()
        .select(*LINEAGE_COLUMNS, *raw_text)
        .with_columns(typed_value(c, pl.col(raw_name(c))).alias(c) for c in names)
        .with_columns(*defaults, is_valid_national_id(pl.col("national_id")).alias(_ID_VALID))
    )


def broken_rules(raw: pl.DataFrame | pl.LazyFrame, source: str) -> pl.LazyFrame:
    """`file_path`, `row_number` and `reasons`: every single-row rule each row breaks, as
    a list of (reason, column_name) in the order the checks decide (its first element is
    `typed_rows`' reject_reason and reject_column); empty for a row that breaks none."""
    failures = [
        pl.when(c.fails.fill_null(False)).then(
            pl.lit({"reason": c.reason, "column_name": c.column}, dtype=RULE)
        )
        for c in single_row_checks(source)
    ]
    return _checked(raw, source).select(
        "file_path", "row_number", pl.concat_list(failures).list.drop_nulls().alias(REASONS)
    )


def typed_rows(raw: pl.DataFrame | pl.LazyFrame, source: str) -> pl.LazyFrame:
    """A source's raw frame → typed, normalised columns, the raw text, and the first
    single-row rule each row breaks (see the module docstring for the columns).

    Lazy, so Polars computes each repeated subexpression once; collect it (the
    streaming engine is the default) or hand it on."""
    names = column_names(source)
    checks = single_row_checks(source)
    id_wins = (
        pl.when(pl.col(_ID_VALID))
        .then(from_id(pl.col("national_id")))
        .otherwise(pl.col(c))
        .alias(c)
        for c, from_id in ID_WINS.items() if c in names
    )
    return (
        _checked(raw, source)
        .with_columns(_first_failure(checks).alias(_FIRST_FAILURE))
        .with_columns(
            _label(pl.col(_FIRST_FAILURE), [c.reason for c in checks]).alias("reject_reason"),
            _label(pl.col(_FIRST_FAILURE), [c.column for c in checks]).alias("reject_column"),
            *id_wins,
        )
        .select(*LINEAGE_COLUMNS, *names, *(raw_name(c) for c in names), *REJECT_COLUMNS)
    )
