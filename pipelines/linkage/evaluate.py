"""Precision and recall of the linkage against a truth (the demo manifest's), as
metrics.md defines them over roster rows without a valid ID: precision = correct
`linked_model` / all `linked_model`; recall = correct `linked_model` / rows whose true
person is a programme person or applicant; `review` rows count as not linked."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.linkage.link import LINKED_MODEL


@dataclass(frozen=True)
class Accuracy:
    linked: int  # rows linked_model
    correct: int  # of them, linked to their true person
    linkable: int  # rows whose true person is a candidate
    review: int
    unlinked: int

    @property
    def precision(self) -> float:
        return self.correct / self.linked if self.linked else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.linkable if self.linkable else 1.0


def accuracy(rows: pl.DataFrame, truth: pl.DataFrame) -> Accuracy:
    """`rows`: the linkage's rows (roster_row_id, status, linked_person_key); `truth`:
    roster_row_id and true_person_key (null for a student from outside the programme),
    for the same roster rows."""
    joined = rows.join(truth.select("roster_row_id", "true_person_key"), on="roster_row_id",
                       how="left")
    model = joined.filter(pl.col("status") == LINKED_MODEL)
    return Accuracy(
        linked=model.height,
        correct=model.filter(pl.col("linked_person_key") == pl.col("true_person_key")).height,
        linkable=joined.filter(pl.col("true_person_key").is_not_null()).height,
        review=joined.filter(pl.col("status") == "review").height,
        unlinked=joined.filter(pl.col("status") == "unlinked").height,
    )
