"""What a demo delivery is made of: the options of one generation."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class GeneratorOptions:
    """Options of `generate`.

    seed: the only source of randomness; the same options give byte-identical files.
    years: first and last folder year, inclusive.
    students_per_year: the average cohort size; cohorts grow linearly from 0.4x in the
        first year to 1.6x in the last.
    csv_only: fast mode, UTF-8 CSV with canonical spellings, one file per source and year.
    defect_rate: share of a source's rows given an injected defect, for each reason.
    with_applicants: whether applicants (申请) files are written.
    rejected_files: whether a few files the contract rejects whole are written too (a
        file naming no source, one lacking a required column, a corrupt workbook).
    with_rosters: whether the 拔尖计划 bases' rosters (topnotch_roster) are written, with
        their truth in the manifest. Off by default until the source is registered (the
        pipeline would reject the files as `unknown_source`); `yingcai demo-data` turns
        it on. Rosters draw from a random stream of their own: every other file is the
        same with or without them.
    """

    seed: int = 2024
    years: tuple[int, int] = (2013, 2025)
    students_per_year: int = 300
    csv_only: bool = False
    defect_rate: float = 0.01
    with_applicants: bool = True
    rejected_files: bool = False
    with_rosters: bool = False

    def __post_init__(self) -> None:
        first, last = self.years
        if not (1000 <= first <= last <= 9999):
            raise ValueError(f"years must be two four-digit years, first <= last: {self.years}")
        if self.students_per_year < 1:
            raise ValueError("students_per_year must be at least 1")
        if not 0.0 <= self.defect_rate < 0.05:
            # Each reason takes its own share of rows; beyond a few percent the reasons
            # run out of clean rows to break.
            raise ValueError("defect_rate must be in [0, 0.05)")

    @property
    def year_list(self) -> list[int]:
        """Every folder year, first to last."""
        return list(range(self.years[0], self.years[1] + 1))

    def cohort_sizes(self) -> dict[int, int]:
        """Cohort size per year: a linear rise from 0.4x to 1.6x students_per_year."""
        years = self.year_list
        span = max(len(years) - 1, 1)
        factors = [1.0] if len(years) == 1 else [0.4 + 1.2 * i / span for i in range(len(years))]
        return {y: max(1, round(self.students_per_year * f)) for y, f in zip(years, factors)}

    def to_dict(self) -> dict:
        """The options as JSON-ready data (recorded in the manifest)."""
        return {**asdict(self), "years": list(self.years)}
