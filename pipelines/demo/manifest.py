"""The manifest of a demo delivery: every file written and every defect injected, so
that tests of the pipeline can compare its rejections and warnings with what was put in."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipelines.contract.reasons import ROW_REJECT_REASONS, ROW_WARN_REASONS


@dataclass(frozen=True)
class FileEntry:
    """One written file. `data_rows` counts the rows a reader must count: title rows,
    the header, blank rows and the total row excluded. Row numbers are 1-based as a
    person opening the file sees them."""

    path: str  # relative to the output directory, with '/' separators
    source: str | None  # None for reference tables
    year: int | None
    format: str  # csv, xlsx or xls
    encoding: str | None  # utf-8, utf-8-sig or gb18030 for CSV; None for Excel
    title_rows: int
    header_row: int
    data_rows: int
    blank_rows: int
    total_row: bool
    sha256: str


@dataclass(frozen=True, slots=True)
class Defect:
    """One injected defect: the row a person sees in `file`, and the contract reason the
    pipeline must give it. `column` is the broken column, None where the whole row is
    the issue (duplicate_row, duplicate_response, repeat_cohort)."""

    file: str
    row_number: int
    source: str
    year: int
    reason: str
    column: str | None


@dataclass(frozen=True)
class RejectedFile:
    """A file written to be rejected whole, with the contract's file-level reason."""

    path: str
    year: int
    reason: str


@dataclass(frozen=True, slots=True)
class RosterRow:
    """The truth of one topnotch_roster row: the national ID of the person it names
    (`kind` 'person' for a programme student, 'applicant' for a non-selected applicant)
    or None for a student from outside the programme ('outsider'), and how the roster
    wrote the ID: 'valid', 'missing' or 'mistyped' (fails the check). A valid ID is
    always the person's own (an outsider's belongs to nobody in the programme)."""

    file: str
    row_number: int
    year: int
    national_id: str | None
    kind: str
    id_form: str


@dataclass
class Manifest:
    """Files and defects of one generation, with the options that made them, and the
    truth of every roster row."""

    options: dict
    files: list[FileEntry] = field(default_factory=list)
    defects: list[Defect] = field(default_factory=list)
    rejected_files: list[RejectedFile] = field(default_factory=list)
    roster_rows: list[RosterRow] = field(default_factory=list)

    def counts(self) -> dict[tuple[str, int, str], int]:
        """Injected defects by (source, year, reason)."""
        return dict(Counter((d.source, d.year, d.reason) for d in self.defects))

    def rejected_counts(self) -> dict[tuple[str, int, str], int]:
        """The rows the pipeline must reject, by (source, year, reason)."""
        return {k: n for k, n in self.counts().items() if k[2] in ROW_REJECT_REASONS}

    def warning_counts(self) -> dict[tuple[str, int, str], int]:
        """The accepted rows the pipeline must warn about, by (source, year, reason)."""
        return {k: n for k, n in self.counts().items() if k[2] in ROW_WARN_REASONS}

    def data_rows(self) -> dict[tuple[str, int], int]:
        """Rows read by (source, year), over all files of that source and year."""
        totals: Counter = Counter()
        for f in self.files:
            if f.source is not None:
                totals[(f.source, f.year)] += f.data_rows
        return dict(totals)

    def loaded_rows(self) -> dict[tuple[str, int], int]:
        """Rows the pipeline must load by (source, year): rows read minus rejected."""
        rejected: Counter = Counter()
        for (source, year, _), n in self.rejected_counts().items():
            rejected[(source, year)] += n
        return {k: n - rejected[k] for k, n in self.data_rows().items()}

    def to_dict(self) -> dict:
        """Plain JSON-ready data: options, files and defects as lists of objects."""
        return {
            "options": self.options,
            "files": [asdict(f) for f in self.files],
            # Not asdict: it deep-copies, and a large delivery has ~800,000 defects.
            "defects": [{name: getattr(d, name) for name in Defect.__slots__} for d in self.defects],
            "rejected_files": [asdict(f) for f in self.rejected_files],
            "roster_rows": [{name: getattr(r, name) for name in RosterRow.__slots__}
                            for r in self.roster_rows],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Manifest:
        """The inverse of `to_dict`."""
        return cls(
            options=data["options"],
            files=[FileEntry(**f) for f in data["files"]],
            defects=[Defect(**d) for d in data["defects"]],
            rejected_files=[RejectedFile(**f) for f in data.get("rejected_files", [])],
            roster_rows=[RosterRow(**r) for r in data.get("roster_rows", [])],
        )

    def write_json(self, path: Path | str) -> None:
        """Write the manifest as UTF-8 JSON (keep it outside the input directory: the
        pipeline would log it as a delivered file)."""
        Path(path).write_text(json.dumps(self.to_dict(), ensure_ascii=False), encoding="utf-8")

    @classmethod
    def read_json(cls, path: Path | str) -> Manifest:
        """A manifest written by `write_json`."""
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
