"""restricted.roster_links and restricted.roster_candidates: every accepted topnotch_roster
row linked to a programme person or applicant (contract.md, topnotch_roster; metrics.md,
"Top-Notch from the bases' rosters").

A row with a valid national ID links by that ID only: `linked_id` when a programme person
(core.persons) or applicant (core.applicants) has it, else `unlinked` with reason
`id_not_found`. A row without a valid ID goes to the Splink model of pipelines/linkage,
against every programme person and applicant (their names and the birth date and sex
their ID carries from restricted.identities; school and province from their cohort row,
or an applicant's latest application): `linked_model`, `review` or `unlinked`
(`no_candidate`). The roster rows with a valid ID train the model too (their ID links are
the known matches).

The threshold: environment variable YINGCAI_LINKAGE_THRESHOLD (default 0.95). A
reviewer's decisions: <output>/restricted/linkage/review_decisions.csv when present
(columns file_path, row_number, person_key, decision 是/否; the clerical-review
workbook's first columns), read on every run. Names, birth dates and schools are read
here and in the workbook only; the tables hold person_key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines.cleaning.row_rules import typed_rows
from pipelines.contract.columns import column_names
from pipelines.registry.sources import TOPNOTCH_ROSTER
from pipelines.warehouse import registered

THRESHOLD_VARIABLE = "YINGCAI_LINKAGE_THRESHOLD"
LINKED_ID = "linked_id"
ID_NOT_FOUND = "id_not_found"
LINKAGE_FOLDER = ("restricted", "linkage")
DECISIONS_FILE = "review_decisions.csv"
REVIEW_WORKBOOK = "clerical_review.xlsx"
README = "README.md"

DESCRIPTION = (
    "One row per accepted topnotch_roster row: its linkage status (linked_id, linked_model, "
    "review or unlinked), the reason, the person it is linked to (by person_key) and the "
    "model's probability. Restricted: it ties a roster row (and so a name) to a person."
)
COLUMNS = {
    "status": "linked_id (valid ID of a programme person or applicant), linked_model (model p ≥ "
              "the threshold, no second candidate there), review (p in [0.5, threshold), two "
              "candidates at the threshold, or a reviewer's 是) or unlinked.",
    "reason": "id_not_found (a valid ID of nobody in the programme), no_candidate, below_threshold, "
              "ambiguous, reviewer_accepted, reviewer_rejected; NULL for linked_id and linked_model.",
    "person_key": "The person the row is linked to (linked_id, linked_model, or a reviewer's 是); NULL otherwise.",
    "kind": "person (a programme person, core.persons) or applicant (an applicant never selected) "
            "for the linked person; NULL when not linked.",
    "probability": "The model's match probability of the row's best candidate; 1 for linked_id; "
                   "NULL for id_not_found or a row without any scored pair.",
    "candidates_at_threshold": "How many candidates reach the threshold (0 for a row linked by ID).",
    "candidates_for_review": "How many candidates have p ≥ 0.5 (restricted.roster_candidates).",
    "expected": "Σ of the effective probabilities of the row's candidates with p ≥ 0.5 (1 for linked_id).",
    "threshold": "The threshold of the run (YINGCAI_LINKAGE_THRESHOLD, 0.95 by default).",
}
CANDIDATES_DESCRIPTION = (
    "Every candidate pair of a topnotch_roster row without a valid ID with model p ≥ 0.5: the "
    "row, the candidate's person_key and kind, the model's probability, the effective one "
    "after a reviewer's decision, and how each compared field agrees. Restricted."
)


def threshold_from_environment() -> float:
    from pipelines.linkage import DEFAULT_THRESHOLD

    text = os.environ.get(THRESHOLD_VARIABLE, "").strip()
    return float(text) if text else DEFAULT_THRESHOLD


def roster_rows(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Accepted roster rows, typed again from raw (the name, birth date and high school
    staging leaves out), with staging's person_key (null without a valid ID)."""
    source = TOPNOTCH_ROSTER.name
    columns = ", ".join(f"r.{c}" for c in column_names(source))
    raw = con.execute(
        f"SELECT r.file_path, r.row_number, r.year, {columns} FROM raw.{source} AS r "
        f"WHERE (r.file_path, r.row_number) IN (SELECT (file_path, row_number) "
        f"FROM staging.{source} WHERE row_reason IS NULL)"
    ).pl()
    staged = con.execute(
        f"SELECT file_path, row_number, person_key FROM staging.{source} WHERE row_reason IS NULL"
    ).pl()
    typed = typed_rows(raw, source).collect().drop("person_key", strict=False)
    return typed.join(staged, on=["file_path", "row_number"], how="left").select(
        "file_path", pl.col("row_number").cast(pl.Int64), pl.col("year").cast(pl.Int32), "person_key",
        roster_row_id=pl.col("file_path") + "#" + pl.col("row_number").cast(pl.String),
        name="name", birth_date="birth_date", gender="gender", high_school="high_school",
        province_code="province", entry_year="entry_year", university="university",
        discipline="base_discipline",
    ).sort("file_path", "row_number")


CANDIDATES_SQL = """
WITH persons AS (
    SELECT person_key, school, province_code, 'person' AS kind FROM core.persons
),
applicants AS (
    SELECT person_key, school, province_code, 'applicant' AS kind
    FROM core.applicants
    WHERE person_key NOT IN (SELECT person_key FROM core.persons)
    QUALIFY row_number() OVER (PARTITION BY person_key ORDER BY year DESC, file_path DESC, row_number DESC) = 1
),
candidates AS (SELECT * FROM persons UNION ALL SELECT * FROM applicants)
SELECT c.person_key, i.name, i.birth_date, i.gender, c.school, c.province_code, c.kind
FROM candidates AS c JOIN restricted.identities AS i USING (person_key)
ORDER BY c.person_key
"""


def candidates(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Programme persons and applicants never selected, one row each, as the linkage
    compares them."""
    return con.execute(CANDIDATES_SQL).pl()


@dataclass(frozen=True)
class RosterLinkage:
    links: pl.DataFrame  # restricted.roster_links
    candidates: pl.DataFrame  # restricted.roster_candidates
    review_pairs: pl.DataFrame  # the pairs of rows for review, both records side by side
    stale_decisions: pl.DataFrame


LINK_SCHEMA = {
    "file_path": pl.String, "row_number": pl.Int64, "year": pl.Int32, "status": pl.String,
    "reason": pl.String, "person_key": pl.String, "kind": pl.String, "probability": pl.Float64,
    "candidates_at_threshold": pl.Int64, "candidates_for_review": pl.Int64, "expected": pl.Float64,
}
CANDIDATE_SCHEMA = {
    "file_path": pl.String, "row_number": pl.Int64, "person_key": pl.String, "kind": pl.String,
    "probability": pl.Float64, "effective_probability": pl.Float64, "decision": pl.String,
}


def link_rosters(rows: pl.DataFrame, people: pl.DataFrame, threshold: float,
                 decisions: pl.DataFrame | None = None) -> RosterLinkage:
    """One status per roster row (`roster_rows`), against `people` (`candidates`)."""
    from pipelines.linkage.link import ROSTER_COLUMNS

    kinds = people.select("person_key", "kind")
    with_id = rows.filter(pl.col("person_key").is_not_null()).join(
        kinds, on="person_key", how="left")
    id_links = with_id.select(
        "roster_row_id",
        status=pl.when(pl.col("kind").is_not_null()).then(pl.lit(LINKED_ID)).otherwise(pl.lit("unlinked")),
        reason=pl.when(pl.col("kind").is_null()).then(pl.lit(ID_NOT_FOUND)),
        person_key=pl.when(pl.col("kind").is_not_null()).then(pl.col("person_key")),
        kind="kind",
        probability=pl.when(pl.col("kind").is_not_null()).then(pl.lit(1.0)),
        candidates_at_threshold=pl.lit(0, pl.Int64),
        candidates_for_review=pl.lit(0, pl.Int64),
        expected=pl.when(pl.col("kind").is_not_null()).then(pl.lit(1.0)).otherwise(pl.lit(0.0)),
    )
    without_id = rows.filter(pl.col("person_key").is_null())
    pair_columns = ["roster_row_id", "person_key", "kind", "match_probability",
                    "effective_probability", "decision"]
    empty_pairs = pl.DataFrame(schema={c: (pl.Float64 if "probability" in c else pl.String)
                                       for c in pair_columns})
    stale = pl.DataFrame(schema={"roster_row_id": pl.String, "person_key": pl.String,
                                 "decision": pl.String})
    if without_id.height and people.height:
        from pipelines.linkage import link

        training = with_id.select(*ROSTER_COLUMNS, person_key=pl.when(pl.col("kind").is_not_null())
                                  .then(pl.col("person_key")))
        result = link(without_id.select(ROSTER_COLUMNS), people, threshold=threshold,
                      decisions=decisions, training_rows=training if training.height else None)
        model_links = result.rows.join(kinds.rename({"person_key": "linked_person_key"}),
                                       on="linked_person_key", how="left").select(
            "roster_row_id", "status", "reason", person_key="linked_person_key", kind="kind",
            probability="best_probability",
            candidates_at_threshold=pl.col("candidates_at_threshold").cast(pl.Int64),
            candidates_for_review=pl.col("candidates_for_review").cast(pl.Int64),
            expected=pl.col("expected").cast(pl.Float64))
        pairs = result.candidates
        stale = result.stale_decisions
    else:
        model_links = without_id.select(
            "roster_row_id", status=pl.lit("unlinked"), reason=pl.lit("no_candidate"),
            person_key=pl.lit(None, pl.String), kind=pl.lit(None, pl.String),
            probability=pl.lit(None, pl.Float64), candidates_at_threshold=pl.lit(0, pl.Int64),
            candidates_for_review=pl.lit(0, pl.Int64), expected=pl.lit(0.0))
        pairs = empty_pairs
    lineage = rows.select("roster_row_id", "file_path", "row_number", "year")
    links = lineage.join(pl.concat([id_links, model_links], how="vertical_relaxed"),
                         on="roster_row_id", how="left", maintain_order="left").select(list(LINK_SCHEMA))
    level_columns = [c for c in pairs.columns if c.endswith("_level")]
    table = pairs.join(lineage, on="roster_row_id", how="left").select(
        "file_path", pl.col("row_number").cast(pl.Int64), "person_key", "kind",
        probability="match_probability", effective_probability="effective_probability",
        decision="decision", *level_columns,
    ).sort("file_path", "row_number", "probability", descending=[False, False, True])
    review_rows = links.filter(pl.col("status") == "review").select("file_path", "row_number")
    review = (table.join(review_rows, on=["file_path", "row_number"], how="semi")
              .join(rows.select("file_path", "row_number", "year", "name", "birth_date", "gender",
                                "high_school", "province_code", "university", "discipline"),
                    on=["file_path", "row_number"], how="left")
              .join(people.select("person_key", candidate_name="name",
                                  candidate_birth_date="birth_date", candidate_gender="gender",
                                  candidate_school="school", candidate_province_code="province_code"),
                    on="person_key", how="left"))
    return RosterLinkage(links, table, review, stale)


def read_decisions_file(path: Path) -> pl.DataFrame | None:
    """A reviewer's decisions (file_path, row_number, person_key, decision, other
    columns ignored; rows with an empty decision skipped) as the linkage takes them."""
    if not path.is_file():
        return None
    frame = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    frame = frame.filter(pl.col("decision").is_not_null() & (pl.col("decision").str.strip_chars() != ""))
    return frame.select(
        roster_row_id=pl.col("file_path") + "#" + pl.col("row_number").str.strip_chars(),
        person_key=pl.col("person_key").str.strip_chars(),
        decision=pl.col("decision").str.strip_chars(),
    )


def make(con: duckdb.DuckDBPyConnection, output: Path) -> RosterLinkage:
    """(Re)create restricted.roster_links and restricted.roster_candidates; write the
    clerical-review workbook and its README under <output>/restricted/linkage/."""
    folder = output.joinpath(*LINKAGE_FOLDER)
    result = link_rosters(roster_rows(con), candidates(con), threshold_from_environment(),
                          read_decisions_file(folder / DECISIONS_FILE))
    links = result.links.with_columns(threshold=pl.lit(threshold_from_environment()))
    with registered(con, "roster_link_rows", links), registered(con, "roster_candidate_rows", result.candidates):
        con.execute("CREATE OR REPLACE TABLE restricted.roster_links AS FROM roster_link_rows")
        con.execute("CREATE OR REPLACE TABLE restricted.roster_candidates AS FROM roster_candidate_rows")
    from pipelines.restricted.review_workbook import write_review

    write_review(folder, result)
    return result
