"""Probabilistic record linkage of the 拔尖计划 bases' rosters (issue 15): roster rows
without a valid national ID are linked to programme persons and applicants by a
Fellegi–Sunter model that Splink trains and runs on DuckDB (model.py), on names, birth
dates, schools and provinces in comparable forms (normalise.py); link.py turns the
probabilities into one status per row and applies a reviewer's decisions.

Pure functions over Polars frames; Splink is imported only when a model is trained.

    from pipelines.linkage import link
    result = link(roster_rows, candidates, threshold=0.95)
    result.rows, result.candidates, result.expected_count()
"""

from pipelines.linkage.link import (
    DEFAULT_THRESHOLD,
    LINKED_MODEL,
    REVIEW,
    UNLINKED,
    Linkage,
    decide,
    link,
    read_decisions,
)

__all__ = ["DEFAULT_THRESHOLD", "LINKED_MODEL", "REVIEW", "UNLINKED", "Linkage", "decide", "link",
           "read_decisions"]
