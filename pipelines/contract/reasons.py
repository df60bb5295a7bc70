"""Reason codes of contract.md: row rejections (in precedence order), warnings, and
file-level rejections. The order of ROW_REJECT_REASONS is the contract's precedence: a
row that breaks several rules is rejected for the first."""

from __future__ import annotations

ROW_REJECT_REASONS: tuple[str, ...] = (
    "invalid_national_id",
    "missing_value",
    "invalid_value",
    "unknown_province",
    "out_of_range",
    "duplicate_row",
    "unknown_student",
    "duplicate_response",
)

ROW_WARN_REASONS: tuple[str, ...] = (
    "gender_mismatch",
    "birth_date_mismatch",
    "unknown_university",
    "unknown_mentor",
    "repeat_cohort",
)

FILE_REJECT_REASONS: tuple[str, ...] = (
    "unknown_source",
    "missing_column",
    "unreadable",
)

FILE_STATUSES: tuple[str, ...] = ("loaded", "rejected")


def precedence(reason: str) -> int:
    """Position of a row reject reason in the contract's order (0 is checked first)."""
    return ROW_REJECT_REASONS.index(reason)
