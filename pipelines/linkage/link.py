"""Linking roster rows without a valid ID to programme persons and applicants: the
model's probabilities turned into one status per row (metrics.md, "Top-Notch from the
bases' rosters"), with a reviewer's decisions applied over them.

Statuses of a row:
- `linked_model`: its best candidate has p ≥ threshold and no second candidate does;
- `review`: best p in [0.5, threshold), or two candidates at or above the threshold
  (reason `below_threshold` / `ambiguous`), or a reviewer decided it (reason
  `reviewer_accepted`: linked to the candidate the reviewer said 是 to);
- `unlinked`: no candidate at 0.5 or above (reason `no_candidate`), or every such
  candidate rejected by a reviewer (`reviewer_rejected`).

A decision names a row by `roster_row_id` (the caller's stable identity of the row: its
file path under the input and its row number, as contract.md identifies rows) and a
candidate by `person_key`. It applies while that pair is still a candidate pair (p ≥ 0.5)
on the next run; one that no longer is (the file was replaced and the row is another
student, or the candidate left) is returned as stale, not applied.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.linkage import normalise
from pipelines.linkage.model import COMPARISONS, MODEL_COLUMNS, UNIQUE_ID, level_labels, score_pairs

DEFAULT_THRESHOLD = 0.95
REVIEW_FLOOR = 0.5
DEFAULT_SEED = 15

LINKED_MODEL, REVIEW, UNLINKED = "linked_model", "review", "unlinked"
YES, NO = "是", "否"

ROSTER_COLUMNS = ("roster_row_id", "name", "birth_date", "gender", "high_school",
                  "province_code", "entry_year", "university", "discipline")
CANDIDATE_COLUMNS = ("person_key", "name", "birth_date", "gender", "school", "province_code", "kind")
CANDIDATE_KINDS = ("person", "applicant")


@dataclass(frozen=True)
class Linkage:
    """rows: one per roster row — roster_row_id, status, reason, linked_person_key (the
    accepted link, else null), best_person_key, best_kind, best_probability (the model's,
    null without any scored pair), candidates_at_threshold, candidates_for_review
    (p ≥ 0.5), expected (Σ of the effective p over its candidate pairs ≥ 0.5), decision.
    candidates: every pair with model p ≥ 0.5 — roster_row_id, person_key, kind,
    match_probability (the model's), effective_probability (1 for a reviewer's 是, 0 for
    a 否 or beside another candidate's 是, else the model's), decision, and the level of
    each compared field (name_level, birth_date_level, ...).
    stale_decisions: decisions whose pair is not a candidate pair of this run."""

    rows: pl.DataFrame
    candidates: pl.DataFrame
    stale_decisions: pl.DataFrame

    def expected_count(self) -> float:
        """Σp over the candidate links with p ≥ 0.5 (effective probabilities)."""
        return float(self.candidates["effective_probability"].sum())


def model_frame(frame: pl.DataFrame, id_column: str, school_column: str) -> pl.DataFrame:
    """The columns the model compares, from a roster or candidate frame."""
    names = normalise.name_columns(frame["name"])
    birth = frame["birth_date"].cast(pl.Date)
    return pl.concat([frame.select(pl.col(id_column).cast(pl.String).alias(UNIQUE_ID)), names],
                     how="horizontal").with_columns(
        birth_date=birth,
        birth_year=birth.dt.year(),
        gender=frame["gender"].cast(pl.String),
        school_norm=normalise.school_column(frame[school_column]),
        province_code=frame["province_code"].cast(pl.String),
    ).select(UNIQUE_ID, *MODEL_COLUMNS)


def link(roster: pl.DataFrame, candidates: pl.DataFrame, *, threshold: float = DEFAULT_THRESHOLD,
         seed: int = DEFAULT_SEED, decisions: pl.DataFrame | None = None,
         training_rows: pl.DataFrame | None = None) -> Linkage:
    """Link `roster` (ROSTER_COLUMNS; rows without a valid ID) to `candidates`
    (CANDIDATE_COLUMNS; person_key unique, kind 'person' or 'applicant'). `decisions`:
    roster_row_id, person_key, decision (是/否) from a reviewer's file. `training_rows`
    (ROSTER_COLUMNS, and person_key where the valid ID names a candidate): the roster
    rows with a valid ID, which the model trains on too but never scores — metrics.md:
    training uses all rows; their ID links are the known matches m is estimated from."""
    if not REVIEW_FLOOR < threshold <= 1:
        raise ValueError(f"threshold must be in ({REVIEW_FLOOR}, 1]: {threshold}")
    _require(roster, ROSTER_COLUMNS, "roster")
    _require(candidates, CANDIDATE_COLUMNS, "candidates")
    if candidates["person_key"].is_duplicated().any():
        raise ValueError("candidates: person_key must be unique (one row per person)")
    if roster["roster_row_id"].is_duplicated().any():
        raise ValueError("roster: roster_row_id must be unique")
    if training_rows is not None:
        _require(training_rows, ROSTER_COLUMNS, "training_rows")
        clash = training_rows["roster_row_id"].is_in(roster["roster_row_id"].implode())
        if clash.any():
            raise ValueError("training_rows: a row is also among the rows to link")
    labels = None
    if training_rows is not None and "person_key" in training_rows.columns:
        labels = training_rows.filter(pl.col("person_key").is_not_null()).select(
            pl.col("roster_row_id").cast(pl.String).alias(UNIQUE_ID),
            pl.col("person_key").cast(pl.String)).filter(
            pl.col("person_key").is_in(candidates["person_key"].cast(pl.String).implode()))
    pairs = score_pairs(
        model_frame(roster, "roster_row_id", "high_school"),
        model_frame(candidates, "person_key", "school"), seed,
        training_rows=(None if training_rows is None
                       else model_frame(training_rows, "roster_row_id", "high_school")),
        labels=labels)
    kinds = candidates.select(person_key=pl.col("person_key").cast(pl.String), kind="kind")
    pairs = pairs.rename({"unique_id_l": "roster_row_id", "unique_id_r": "person_key"}).join(
        kinds, on="person_key", how="left")
    return decide(roster["roster_row_id"].cast(pl.String), pairs, threshold, decisions)


def decide(roster_row_ids: pl.Series, pairs: pl.DataFrame, threshold: float,
           decisions: pl.DataFrame | None = None) -> Linkage:
    """Statuses from scored pairs (roster_row_id, person_key, kind, match_probability,
    gamma_*), with the reviewer's decisions applied. Pure: no model here."""
    labels = level_labels()
    level_columns = [
        pl.col(f"gamma_{name}").replace_strict(labels[name], return_dtype=pl.String,
                                               default=None).alias(f"{name}_level")
        for name in COMPARISONS if f"gamma_{name}" in pairs.columns]
    ordered = pairs.sort(["roster_row_id", "match_probability", "person_key"],
                         descending=[False, True, False])
    best = ordered.group_by("roster_row_id", maintain_order=True).agg(
        best_person_key=pl.col("person_key").first(),
        best_kind=pl.col("kind").first(),
        best_probability=pl.col("match_probability").first(),
    )
    candidates = ordered.filter(pl.col("match_probability") >= REVIEW_FLOOR).select(
        "roster_row_id", "person_key", "kind", "match_probability", *level_columns)
    candidates, stale = _apply_decisions(candidates, decisions)

    live = candidates.filter(pl.col("decision").fill_null(YES) != NO)
    per_row = live.group_by("roster_row_id").agg(
        model_best=pl.col("person_key").sort_by(["match_probability", "person_key"],
                                                descending=[True, False]).first(),
        model_best_p=pl.col("match_probability").max(),
        candidates_at_threshold=(pl.col("match_probability") >= threshold).sum().cast(pl.Int64),
        accepted=pl.col("person_key").filter(pl.col("decision") == YES).first(),
    )
    rejected_rows = candidates.filter(pl.col("decision") == NO)["roster_row_id"].unique()
    counts = candidates.group_by("roster_row_id").agg(
        candidates_for_review=pl.len().cast(pl.Int64),
        expected=pl.col("effective_probability").sum(),
        decision=pl.col("decision").drop_nulls().first(),
    )
    rows = (pl.DataFrame({"roster_row_id": roster_row_ids})
            .join(best, on="roster_row_id", how="left", maintain_order="left")
            .join(per_row, on="roster_row_id", how="left", maintain_order="left")
            .join(counts, on="roster_row_id", how="left", maintain_order="left"))
    at_threshold = pl.col("candidates_at_threshold").fill_null(0)
    status = (pl.when(pl.col("accepted").is_not_null()).then(pl.lit(REVIEW))
              .when(at_threshold == 1).then(pl.lit(LINKED_MODEL))
              .when(at_threshold >= 2).then(pl.lit(REVIEW))
              .when(pl.col("model_best_p") >= REVIEW_FLOOR).then(pl.lit(REVIEW))
              .otherwise(pl.lit(UNLINKED)))
    reason = (pl.when(pl.col("accepted").is_not_null()).then(pl.lit("reviewer_accepted"))
              .when(at_threshold == 1).then(None)
              .when(at_threshold >= 2).then(pl.lit("ambiguous"))
              .when(pl.col("model_best_p") >= REVIEW_FLOOR).then(pl.lit("below_threshold"))
              .when(pl.col("roster_row_id").is_in(rejected_rows.implode())).then(pl.lit("reviewer_rejected"))
              .otherwise(pl.lit("no_candidate")))
    linked = (pl.when(pl.col("accepted").is_not_null()).then(pl.col("accepted"))
              .when(at_threshold == 1).then(pl.col("model_best")))
    rows = rows.with_columns(status=status, reason=reason, linked_person_key=linked).select(
        "roster_row_id", "status", "reason", "linked_person_key", "best_person_key", "best_kind",
        "best_probability",
        candidates_at_threshold=at_threshold,
        candidates_for_review=pl.col("candidates_for_review").fill_null(0),
        expected=pl.col("expected").fill_null(0.0),
        decision="decision",
    )
    return Linkage(rows, candidates, stale)


def _apply_decisions(candidates: pl.DataFrame, decisions: pl.DataFrame | None
                     ) -> tuple[pl.DataFrame, pl.DataFrame]:
    empty = pl.DataFrame(schema={"roster_row_id": pl.String, "person_key": pl.String,
                                 "decision": pl.String})
    if decisions is None or decisions.height == 0:
        return candidates.with_columns(decision=pl.lit(None, pl.String),
                                       effective_probability=pl.col("match_probability")), empty
    decisions = read_decisions(decisions)
    keys = ["roster_row_id", "person_key"]
    stale = decisions.join(candidates.select(keys), on=keys, how="anti")
    joined = candidates.join(decisions, on=keys, how="left", maintain_order="left")
    accepted_rows = joined.filter(pl.col("decision") == YES)["roster_row_id"].unique()
    effective = (pl.when(pl.col("decision") == YES).then(1.0)
                 .when(pl.col("decision") == NO).then(0.0)
                 .when(pl.col("roster_row_id").is_in(accepted_rows.implode())).then(0.0)
                 .otherwise(pl.col("match_probability")))
    return joined.with_columns(effective_probability=effective), stale


def read_decisions(decisions: pl.DataFrame) -> pl.DataFrame:
    """A reviewer's decisions as (roster_row_id, person_key, decision 是/否): yes/no
    spelt any way contract.md allows; the last decision on a pair stands; a row with
    two 是 is refused (a roster row names one student)."""
    from pipelines.cleaning.spellings import YES_NO

    from pipelines.contract.columns import header_key

    _require(decisions, ("roster_row_id", "person_key", "decision"), "decisions")
    lookup = {header_key(k): v for k, v in YES_NO.items()}
    spelt = decisions["decision"].cast(pl.String).to_list()
    values = [lookup.get(header_key(s)) if s is not None else None for s in spelt]
    if any(v is None for v in values):
        bad = sorted({s for s, v in zip(spelt, values) if v is None}, key=str)
        raise ValueError(f"decisions: not a yes/no answer: {bad}")
    frame = decisions.select(pl.col("roster_row_id").cast(pl.String),
                             pl.col("person_key").cast(pl.String)).with_columns(
        decision=pl.Series([YES if v else NO for v in values], dtype=pl.String))
    frame = frame.group_by("roster_row_id", "person_key", maintain_order=True).last()
    twice = frame.filter(pl.col("decision") == YES)["roster_row_id"].is_duplicated()
    if twice.any():
        raise ValueError("decisions: a roster row accepted for two candidates")
    return frame


def _require(frame: pl.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what}: missing columns {missing}")
