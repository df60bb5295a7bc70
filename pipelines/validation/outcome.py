"""What a validation found, in a form a Dagster check, a log line or a test can use: passed
or not, how many expectations ran and failed, and per failed expectation its name, the
number of unexpected rows and a few example values (none for restricted frames)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

EXAMPLES = 5
EXAMPLE_WIDTH = 60

# The kwargs that name an expectation's columns, in the order they are written.
_COLUMN_KWARGS = ("column", "column_A", "column_B", "column_list")


def expectation_name(expectation_type: str, kwargs: Mapping) -> str:
    """`expect_column_values_to_be_in_set(grade)`: the type and the columns it is about."""
    columns: list[str] = []
    for key in _COLUMN_KWARGS:
        value = kwargs.get(key)
        if isinstance(value, str):
            columns.append(value)
        elif value:
            columns.extend(value)
    return f"{expectation_type}({', '.join(columns)})" if columns else expectation_type


def example(value: object) -> str:
    text = str(value)
    return text if len(text) <= EXAMPLE_WIDTH else text[: EXAMPLE_WIDTH - 1] + "…"


@dataclass(frozen=True)
class Failure:
    expectation: str
    unexpected_count: int | None = None
    examples: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"expectation": self.expectation, "unexpected_count": self.unexpected_count,
                "examples": list(self.examples)}


@dataclass(frozen=True)
class Outcome:
    """suite: the suite (and check) name. rows: rows of the frame; rows_validated: rows
    Great Expectations saw (a seeded sample when the frame is large, see `run`);
    exact_in_sql: the expectations counted over every row in SQL instead."""

    suite: str
    passed: bool
    evaluated: int
    successful: int
    failures: tuple[Failure, ...] = ()
    rows: int = 0
    rows_validated: int = 0
    exact_in_sql: tuple[str, ...] = ()
    data_docs: str | None = None
    seconds: float = 0.0
    extra: dict = field(default_factory=dict)

    @property
    def sampled(self) -> bool:
        return self.rows_validated < self.rows

    @property
    def failed_expectations(self) -> list[str]:
        return [f.expectation for f in self.failures]

    def summary(self) -> str:
        """One line for a log or a check description."""
        if self.passed:
            return f"{self.suite}: all {self.evaluated} expectations met on {self.rows:,} rows"
        failed = "; ".join(
            f"{f.expectation}: {f.unexpected_count:,} rows" if f.unexpected_count is not None
            else f.expectation
            for f in self.failures
        )
        return f"{self.suite}: {len(self.failures)} of {self.evaluated} expectations failed — {failed}"

    def metadata(self) -> dict:
        """Plain JSON-ready values for check metadata."""
        return {
            "expectations_evaluated": self.evaluated,
            "expectations_met": self.successful,
            "expectations_failed": len(self.failures),
            "failed_expectations": [f.as_dict() for f in self.failures],
            "rows": self.rows,
            "rows_validated_by_great_expectations": self.rows_validated,
            "sampled": self.sampled,
            "exact_in_sql": list(self.exact_in_sql),
            "seconds": round(self.seconds, 2),
            **({"data_docs": self.data_docs} if self.data_docs else {}),
        }
