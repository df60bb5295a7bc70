"""staging.<source> of every registered delivery source (TABLES): a source's raw rows of
some years → its typed staging rows, written a batch of years per transaction."""

from __future__ import annotations

import polars as pl

from pipelines.cleaning.fields import typed_value
from pipelines.cleaning.national_id import is_valid_national_id
from pipelines.cleaning.codes import INVALID_NATIONAL_ID
from pipelines.cleaning.row_rules import LINEAGE_COLUMNS, REASONS, RULE, broken_rules, raw_name, typed_rows
from pipelines.contract.columns import column_names
from pipelines.contract.reasons import precedence
from pipelines.identity import PersonKeys
from pipelines.registry.sources import DELIVERY_SOURCES
from pipelines.staging.duplicates import DUPLICATE_OF, mark_duplicate_rows
from pipelines.staging.references import match_university
from pipelines.warehouse import align_columns, registered, transaction

REASONS_COLUMN = "row_reasons"
TABLES = tuple(f"staging.{s.name}" for s in DELIVERY_SOURCES)
STAGING_NOTE = (
    " One row per raw row (same file_path and row_number). Values are normalised per the "
    "contract: national IDs become person_key (names and IDs stay in the restricted "
    "layer), dates are dates, provinces six-digit codes, coded fields their canonical "
    "Chinese spelling, yes/no fields booleans. row_reason is the first rule the row "
    "breaks within its year (single-row rules and duplicate_row), row_reasons every such "
    "rule; rules that need other years are applied in quarantine.rejected_rows."
)


def describe(table: str) -> tuple[str, dict[str, str]]:
    """staging.<source>'s description and column descriptions, from the source registry."""
    (source,) = [s for s in DELIVERY_SOURCES if f"staging.{s.name}" == table]
    return source.staging_description + STAGING_NOTE, dict(source.staging_columns)

# Personal identifiers stay in the raw layer and restricted.identities; staging and
# everything after it carry person_key instead.
IDENTIFYING_COLUMNS = ("national_id", "name")
# Per source, what staging leaves out: the identifiers, and for topnotch_roster also the
# birth date and high school the linkage compares (they stay in raw and restricted).
RESTRICTED_COLUMNS = {s.name: s.restricted_columns for s in DELIVERY_SOURCES}
# The flag of a given ID that fails the check, where that only warns (roster_id_invalid).
ID_INVALID_FLAG = "national_id_invalid"
ID_WARNING_SOURCES = tuple(s.name for s in DELIVERY_SOURCES if not s.invalid_id_rejects)
# Given values the ID overrides; a disagreement is a warning (the flag columns).
ID_OVERRIDES = {"gender": "gender_mismatch", "birth_date": "birth_date_mismatch"}
if precedence(INVALID_NATIONAL_ID) != 0:
    raise RuntimeError("stage_rows reads ID validity off reject_reason: the ID must be checked first")
# Sources whose delivered university text is matched to reference/universities.csv.
UNIVERSITY_SOURCES = tuple(s.name for s in DELIVERY_SOURCES if s.matches_university)


def stage_rows(raw: pl.DataFrame, source: str, keys: PersonKeys, universities: pl.DataFrame) -> pl.DataFrame:
    """Typed rows of one source, of one year or several: lineage, person_key (null where the ID is
    missing or invalid), the typed contract columns without name and ID, the first rule
    the row breaks within its year (`row_reason`, `row_reason_column`), every such rule
    (`row_reasons`) and for a duplicate_row the row it repeats (DUPLICATE_OF), and for
    accepted rows the flags of given values the ID overrode."""
    names = column_names(source)
    rows = mark_duplicate_rows(typed_rows(raw, source).collect(), source)
    rows = rows.with_columns(_row_reasons(raw, rows, source))
    # The ID is checked first (invalid_national_id leads the contract's precedence), so
    # a row with an ID and any other reason, or none, has a valid one: no second check.
    valid_id = pl.col("national_id").is_not_null() & (
        pl.col("reject_reason").fill_null("") != INVALID_NATIONAL_ID
    )
    if source in ID_WARNING_SOURCES:  # an invalid ID is no rejection there: check it
        valid_id = pl.col("national_id").is_not_null() & is_valid_national_id(pl.col("national_id"))
    rows = rows.join(
        keys.of(rows.filter(valid_id)["national_id"]), on="national_id", how="left", maintain_order="left"
    )
    accepted = pl.col("reject_reason").is_null()
    extra = [
        (accepted & (typed_value(column, pl.col(raw_name(column))) != pl.col(column)).fill_null(False)).alias(flag)
        for column, flag in ID_OVERRIDES.items()
        if column in names
    ]
    if source in ID_WARNING_SOURCES:
        extra.append((accepted & pl.col("national_id").is_not_null() & pl.col("person_key").is_null())
                     .alias(ID_INVALID_FLAG))
    if source in UNIVERSITY_SOURCES:
        extra.append(match_university(pl.col("university"), universities).alias("university_code"))
    kept = [c for c in names if c not in RESTRICTED_COLUMNS[source]]
    return rows.with_columns(extra).select(
        pl.col("year").cast(pl.Int32),
        "file_path",
        pl.col("row_number").cast(pl.Int64),
        "person_key",
        *kept,
        *(e.meta.output_name() for e in extra),
        pl.col("reject_reason").alias("row_reason"),
        pl.col("reject_column").alias("row_reason_column"),
        REASONS_COLUMN,
        *DUPLICATE_OF,
    )


def _row_reasons(raw: pl.DataFrame, rows: pl.DataFrame, source: str) -> pl.Series:
    """Every within-year rule each rejected row breaks (null for the accepted rows): the
    single-row rules, worked out again on the rejected rows' raw cells only (a few in a
    thousand; listing them over every row would cost a national training year several
    seconds), or duplicate_row, which is judged among rows that pass them."""
    reason = rows["reject_reason"]
    single = (reason.is_not_null() & (reason != "duplicate_row")).arg_true()
    duplicate = (reason == "duplicate_row").arg_true()
    listed = pl.concat([
        broken_rules(raw[single], source).collect()[REASONS],
        pl.Series(REASONS, [[{"reason": "duplicate_row", "column_name": None}]], pl.List(RULE))
        .gather(pl.zeros(len(duplicate), pl.UInt32, eager=True)),
    ])
    where = pl.repeat(None, rows.height, dtype=pl.UInt32, eager=True).scatter(
        pl.concat([single, duplicate]), pl.int_range(len(listed), dtype=pl.UInt32, eager=True)
    )
    return listed.gather(where).alias(REASONS_COLUMN)


def stage_source(con, source: str, years: list[int], keys: PersonKeys, spellings, max_rows: int) -> dict:
    """Replace staging.<source>'s rows of `years` with the typed rows of raw.<source>,
    a batch of neighbouring years (up to about `max_rows` raw rows) per transaction;
    returns the rows staged and rejected within their year."""
    rows = rejected = 0
    # What the rules read; the file's hash, its extra columns and the like stay in raw.
    columns = ", ".join([*LINEAGE_COLUMNS, *column_names(source)])
    # A national year of training records (~1 million rows) is staged alone.
    for batch in year_batches(con, source, years, max_rows):
        raw = con.execute(
            f"SELECT {columns} FROM raw.{source} WHERE list_contains(?, year)", [batch]
        ).pl()
        staged = stage_rows(raw, source, keys, spellings)
        with transaction(con), registered(con, "staged_rows", staged):
            con.execute(f"CREATE TABLE IF NOT EXISTS staging.{source} AS FROM staged_rows LIMIT 0")
            align_columns(con, f"staging.{source}", "staged_rows")
            con.execute(f"DELETE FROM staging.{source} WHERE list_contains(?, year)", [batch])
            con.execute(f"INSERT INTO staging.{source} BY NAME FROM staged_rows")
        rows += staged.height
        rejected += staged["row_reason"].is_not_null().sum()
    return {"rows_staged_now": rows, "rows_rejected_within_year_now": int(rejected)}


def year_batches(con, source: str, years: list[int], max_rows: int) -> list[list[int]]:
    """`years` in order, cut into runs of neighbours holding at most `max_rows`
    raw rows of `source` (a year larger than that alone). Every year appears once, also
    one without rows: its staging rows are deleted."""
    sizes = dict(
        con.execute(
            f"SELECT year, count(*) FROM raw.{source} WHERE list_contains(?, year) GROUP BY year",
            [years],
        ).fetchall()
    )
    batches: list[list[int]] = []
    held = 0
    for year in years:
        size = sizes.get(year, 0)
        if batches and held + size <= max_rows:
            batches[-1].append(year)
            held += size
        else:
            batches.append([year])
            held = size
    return batches
