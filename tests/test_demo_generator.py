"""The demo delivery generator: deterministic, in the contract's layout, every format and
spelling variant present, and a manifest that is exact.

Files are read back here without the generator's code: CSV with the csv module after
decoding, workbooks with python-calamine. An independent reading of the contract's row
rules over those files (`Oracle`) must find exactly the defects the manifest lists, row
by row.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from pipelines.cleaning.spellings import (
    ACTIVITY_TYPE, ADMISSION_ROUTE, ASSESSMENT_TYPE, DISCIPLINE, GENDER, GRADE, MAJOR_CATEGORY,
    RESULT, STATUS, YES_NO, keyed,
)
from pipelines.contract import national_id
from pipelines.contract.columns import SOURCE_COLUMNS, header_key, header_lookup, required_columns
from pipelines.contract.provinces import PROVINCES, province_code
from pipelines.contract.reasons import ROW_REJECT_REASONS, ROW_WARN_REASONS
from pipelines.contract.sources import REFERENCE_FILES, YEARLY_SOURCES, source_of_file_name
from pipelines.demo import GeneratorOptions, Manifest, generate

SMALL = GeneratorOptions(seed=7, years=(2013, 2016), students_per_year=40)
FAST = GeneratorOptions(seed=7, years=(2013, 2016), students_per_year=40, csv_only=True)


# --- reading files back, independently of the generator ------------------------------

@dataclass
class Sheet:
    path: str
    encoding: str | None
    title_rows: int
    header_row: int
    header: list[str]
    rows: list[tuple[int, list[object]]]  # (row number as seen in the file, raw cells)
    blank_rows: int
    total_row: str | None


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030"), "gb18030"


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_sheet(root: Path, relative: str, source: str | None) -> Sheet:
    path = root / relative
    if path.suffix == ".csv":
        text, encoding = _decode(path.read_bytes())
        records = list(csv.reader(io.StringIO(text)))
        return Sheet(relative, encoding, 0, 1, records[0],
                     [(i + 2, list(r)) for i, r in enumerate(records[1:])], 0, None)
    cells = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    required = {c.name for c in required_columns(source)}
    lookup = header_lookup(source)
    header_index = next(i for i, row in enumerate(cells[:4])
                        if required <= {lookup.get(header_key(c)) for c in row})
    header = [_cell_text(c) for c in cells[header_index]]
    rows, blanks, total = [], 0, None
    body = cells[header_index + 1:]
    for offset, row in enumerate(body):
        number = header_index + 2 + offset
        if all(_cell_text(c).strip() == "" for c in row):
            blanks += 1
        elif offset == len(body) - 1 and _cell_text(row[0]) in ("合计", "总计"):
            total = _cell_text(row[0])
        else:
            rows.append((number, list(row)))
    return Sheet(relative, None, header_index, header_index + 1, header, rows, blanks, total)


# --- the contract's rules, read independently -------------------------------------------

CODED = {
    "gender": keyed(GENDER), "grade": keyed(GRADE), "discipline": keyed(DISCIPLINE),
    "selected": keyed(YES_NO), "topnotch": keyed(YES_NO), "status": keyed(STATUS),
    "result": keyed(RESULT), "activity_type": keyed(ACTIVITY_TYPE),
    "assessment_type": keyed(ASSESSMENT_TYPE), "major_category": keyed(MAJOR_CATEGORY),
    "admission_route": keyed(ADMISSION_ROUTE),
}
DATES = ("birth_date", "activity_date", "assessment_date")
NUMBERS = ("selection_score", "hours")
YEARS = ("cohort_year", "survey_year", "topnotch_year")
DATE_FORMS = {
    "iso": r"^(\d{4})-(\d{1,2})-(\d{1,2})$", "slash": r"^(\d{4})/(\d{1,2})/(\d{1,2})$",
    "dot": r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$", "chinese": r"^(\d{4})年(\d{1,2})月(\d{1,2})日$",
    "compact": r"^(\d{4})(\d{2})(\d{2})$",
}
INVALID = object()  # a non-blank cell no spelling or format matches


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def parse(column: str, raw: object) -> object:
    """Normalised value of a cell; None when blank, INVALID when it does not parse."""
    if isinstance(raw, (dt.date, dt.datetime)) and column in DATES:
        return raw if not isinstance(raw, dt.datetime) else raw.date()
    text = fold(_cell_text(raw))
    if text == "":
        return None
    if column == "national_id":
        return national_id.normalise(text)
    if column in CODED:
        return CODED[column].get(header_key(text), INVALID)
    if column == "province":
        return province_code(text) or INVALID
    if column in DATES:
        for pattern in DATE_FORMS.values():
            if m := re.match(pattern, text):
                try:
                    return dt.date(*map(int, m.groups()))
                except ValueError:
                    return INVALID
        if re.fullmatch(r"\d{1,5}", text) and 61 <= int(text) <= 73050:
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(text))
        return INVALID
    if column in NUMBERS or column in YEARS:
        if not re.fullmatch(r"[+-]?\d+(\.\d*)?", text):
            return INVALID
        number = float(text)
        if column in YEARS:
            return int(number) if number.is_integer() and 1000 <= number <= 9999 else INVALID
        return number
    return text


@dataclass
class Row:
    file: str
    number: int
    source: str
    year: int
    values: dict[str, object]
    reason: str | None = None
    broken: list[tuple[str, str]] | None = None  # every single-row rule broken
    warnings: tuple[str, ...] = ()


class Oracle:
    """Applies the contract's row rules to every file of a delivery, as a reader of
    contract.md would, and lists the rejected and warned rows."""

    def __init__(self, root: Path, manifest: Manifest):
        self.root = root
        refs = {name: list(csv.DictReader(io.StringIO((root / "reference" / f).read_text("utf-8"))))
                for name, f in REFERENCE_FILES.items()}
        self.universities = {s for u in refs["universities"]
                             for s in [u["name"], *u["aliases"].split(";")] if s}
        self.mentors = {m["mentor_id"] for m in refs["mentors"]}
        self.sheets: dict[tuple[str, int], list[Sheet]] = defaultdict(list)
        for entry in sorted(manifest.files, key=lambda f: f.path):
            if entry.source is not None:
                self.sheets[(entry.source, entry.year)].append(read_sheet(root, entry.path, entry.source))
        self.rows: list[Row] = []
        self.years = sorted({year for _, year in self.sheets})
        self._run()

    def _typed(self, source: str, year: int) -> list[Row]:
        lookup = header_lookup(source)
        out = []
        for sheet in self.sheets.get((source, year), []):
            columns = [lookup.get(header_key(h)) for h in sheet.header]
            for number, cells in sheet.rows:
                raw = {c: cells[i] if i < len(cells) else None for i, c in enumerate(columns) if c}
                out.append(Row(sheet.path, number, source, year, {c: parse(c, v) for c, v in raw.items()}))
        return out

    def _single_row_rules(self, row: Row, cohort_year: dict[str, int]) -> list[tuple[str, str]]:
        """Every (reason, column) of the single-row rules the row breaks, in precedence."""
        v, source, year = row.values, row.source, row.year
        broken = []
        if v.get("national_id") is not None and not national_id.is_valid(v["national_id"]):
            broken.append(("invalid_national_id", "national_id"))
        broken += [("missing_value", c.name) for c in required_columns(source) if v.get(c.name) is None]
        broken += [("invalid_value", c) for c, value in v.items() if value is INVALID and c != "province"]
        if v.get("province") is INVALID:
            broken.append(("unknown_province", "province"))

        def given(column: str, kind: type) -> bool:
            return isinstance(v.get(column), kind)

        survey_year = v["survey_year"] if given("survey_year", int) else year
        first = cohort_year.get(v.get("national_id"))
        window = (dt.date(year, 1, 1), dt.date(year + 1, 3, 31))
        out_of_range = {
            "cohort_year": given("cohort_year", int) and v["cohort_year"] != year,
            "selection_score": given("selection_score", float) and not 0 <= v["selection_score"] <= 100,
            "hours": given("hours", float) and not 0 < v["hours"] <= 24,
            "activity_date": given("activity_date", dt.date)
            and not window[0] <= v["activity_date"] <= window[1],
            "survey_year": given("survey_year", int) and v["survey_year"] != year,
            "topnotch_year": given("topnotch_year", int) and (
                v["topnotch_year"] > survey_year or (first is not None and v["topnotch_year"] < first)),
        }
        broken += [("out_of_range", c) for c, breaks in out_of_range.items() if breaks]
        return broken

    def _warnings(self, row: Row, earlier_cohort: set[str]) -> tuple[str, ...]:
        v, found = row.values, []
        nid = v["national_id"]
        if v.get("gender") is not None and v["gender"] != national_id.sex(nid):
            found.append("gender_mismatch")
        if v.get("birth_date") is not None and v["birth_date"] != national_id.birth_date(nid):
            found.append("birth_date_mismatch")
        if row.source == "cohort" and v["university"] not in self.universities:
            found.append("unknown_university")
        if v.get("mentor_id") is not None and row.source in ("cohort", "training") \
                and v["mentor_id"] not in self.mentors:
            found.append("unknown_mentor")
        if row.source == "cohort" and nid in earlier_cohort:
            found.append("repeat_cohort")
        return tuple(found)

    def _run(self) -> None:
        cohort_year: dict[str, int] = {}
        for year in self.years:  # cohorts first: the other sources are checked against them
            self._source("cohort", year, cohort_year)
        for year in self.years:
            for source in ("applicants", "training", "assessment", "followup"):
                self._source(source, year, cohort_year)

    def _source(self, source: str, year: int, cohort_year: dict[str, int]) -> None:
        rows = self._typed(source, year)
        seen: set[tuple] = set()
        for row in rows:
            row.broken = self._single_row_rules(row, cohort_year)
            row.reason = row.broken[0][0] if row.broken else None
            if row.reason is None:
                key = tuple(sorted((c, repr(v)) for c, v in row.values.items()))
                if key in seen:
                    row.reason = "duplicate_row"
                seen.add(key)
            if row.reason is None and source in ("training", "assessment", "followup") \
                    and cohort_year.get(row.values["national_id"], 9999) > year:
                row.reason = "unknown_student"
        if source == "followup":
            last: dict[tuple, Row] = {}
            for row in rows:
                if row.reason is None:
                    key = (row.values["national_id"], row.values.get("survey_year") or year)
                    if key in last:
                        last[key].reason = "duplicate_response"
                    last[key] = row
        earlier = {nid for nid, first in cohort_year.items() if first < year}
        for row in rows:
            if row.reason is None:
                row.warnings = self._warnings(row, earlier)
                if source == "cohort":
                    cohort_year.setdefault(row.values["national_id"], year)
        self.rows.extend(rows)

    def findings(self) -> Counter:
        """(file, row number, reason, column) of every rejected or warned row; the column
        only for the single-row rules, which name one."""
        found = Counter()
        for r in self.rows:
            if r.broken:
                found[(r.file, r.number, *r.broken[0])] += 1
            elif r.reason:
                found[(r.file, r.number, r.reason, None)] += 1
            found.update((r.file, r.number, w, None) for w in r.warnings)
        return found


SINGLE_ROW_REASONS = ("invalid_national_id", "missing_value", "invalid_value", "unknown_province",
                      "out_of_range")


def manifest_findings(manifest: Manifest) -> Counter:
    return Counter((d.file, d.row_number, d.reason, d.column if d.reason in SINGLE_ROW_REASONS else None)
                   for d in manifest.defects)


def file_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


# --- fixtures --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = tmp_path_factory.mktemp("small")
    return root, generate(root, SMALL)


@pytest.fixture(scope="module")
def small_oracle(small):
    return Oracle(*small)


@pytest.fixture(scope="module")
def fast(tmp_path_factory):
    root = tmp_path_factory.mktemp("fast")
    return root, generate(root, FAST)


@pytest.fixture(scope="module")
def sheets(small):
    root, manifest = small
    return [read_sheet(root, f.path, f.source) for f in manifest.files if f.source]


def column_cells(sheets: list[Sheet], column: str) -> list[object]:
    """Every raw cell under a header that names `column`, in every source."""
    cells = []
    for sheet in sheets:
        source = source_of_file_name(sheet.path.split("/")[-1])
        lookup = header_lookup(source)
        for i, header in enumerate(sheet.header):
            if lookup.get(header_key(header)) == column:
                cells += [row[i] for _, row in sheet.rows if i < len(row)]
    return cells


# --- layout and determinism -------------------------------------------------------------

def test_same_seed_gives_byte_identical_files(small, tmp_path):
    root, manifest = small
    again = generate(tmp_path / "again", SMALL)
    assert file_hashes(tmp_path / "again") == file_hashes(root)
    assert again.to_dict() == manifest.to_dict()


def test_another_seed_gives_other_files(small, tmp_path):
    root, _ = small
    other = tmp_path / "other"
    generate(other, GeneratorOptions(seed=8, years=(2013, 2016), students_per_year=40))
    mine, theirs = file_hashes(root), file_hashes(other)
    shared = {path for path, sha in mine.items() if sha in set(theirs.values())}
    assert shared == {"reference/universities.csv"}  # the real universities, whatever the seed


def test_output_holds_only_the_contract_layout(small):
    root, manifest = small
    written = set(file_hashes(root))
    assert written == {f.path for f in manifest.files}
    assert {f"reference/{name}" for name in REFERENCE_FILES.values()} <= written
    for path in written - {f"reference/{name}" for name in REFERENCE_FILES.values()}:
        year, name = path.split("/")
        assert re.fullmatch(r"\d{4}", year) and 2013 <= int(year) <= 2016
        assert Path(name).suffix in (".csv", ".xlsx", ".xls")
        assert source_of_file_name(name) is not None


def test_manifest_records_each_file_as_read_back(small, sheets):
    root, manifest = small
    by_path = {s.path: s for s in sheets}
    for entry in manifest.files:
        assert hashlib.sha256((root / entry.path).read_bytes()).hexdigest() == entry.sha256
        if entry.source is None:
            continue
        sheet = by_path[entry.path]
        assert source_of_file_name(entry.path.split("/")[-1]) == entry.source
        assert entry.year == int(entry.path.split("/")[0])
        assert entry.format == Path(entry.path).suffix.lstrip(".")
        assert len(sheet.rows) == entry.data_rows, entry.path
        assert sheet.header_row == entry.header_row
        assert sheet.title_rows == entry.title_rows
        assert sheet.blank_rows == entry.blank_rows
        assert (sheet.total_row is not None) == entry.total_row
        assert sheet.encoding == entry.encoding


def test_manifest_survives_a_json_round_trip(small, tmp_path):
    _, manifest = small
    manifest.write_json(tmp_path / "manifest.json")
    again = Manifest.read_json(tmp_path / "manifest.json")
    assert again == manifest
    assert again.counts() == manifest.counts()


def test_cohort_sizes_grow_and_average_the_requested_size():
    sizes = GeneratorOptions(students_per_year=300).cohort_sizes()
    assert list(sizes) == list(range(2013, 2026))
    assert sizes[2013] == 120 and sizes[2025] == 480
    assert sum(sizes.values()) == 300 * 13


# --- the manifest is exact ----------------------------------------------------------------

def test_every_row_reason_of_the_contract_is_injected(small):
    _, manifest = small
    # roster_id_invalid is no injected defect: the rosters' mistyped IDs give it, and their
    # truth is in manifest.roster_rows (tests/test_roster_links.py).
    expected = set(ROW_REJECT_REASONS) | set(ROW_WARN_REASONS) - {"roster_id_invalid"}
    assert {d.reason for d in manifest.defects} == expected


def test_rows_found_breaking_a_rule_are_exactly_the_manifest_defects(small, small_oracle):
    _, manifest = small
    found, listed = small_oracle.findings(), manifest_findings(manifest)
    assert found - listed == Counter(), "rows breaking a rule that the manifest does not list"
    assert listed - found == Counter(), "manifest defects that break no rule (or another one)"


def test_each_row_breaks_at_most_one_rule(small_oracle):
    assert all(len(r.broken) + len(r.warnings) <= 1 for r in small_oracle.rows)


def test_injected_national_ids_are_invalid_and_clean_ones_valid(small, small_oracle):
    _, manifest = small
    broken = {(d.file, d.row_number) for d in manifest.defects if d.reason == "invalid_national_id"}
    assert broken
    for row in small_oracle.rows:
        number = row.values.get("national_id")
        if (row.file, row.number) in broken:
            assert not national_id.is_valid(national_id.normalise(number))
        elif number is not None:
            assert national_id.is_valid(number), (row.file, row.number)


def test_count_helpers_add_up(small):
    _, manifest = small
    counts = manifest.counts()
    assert sum(counts.values()) == len(manifest.defects)
    rejected = sum(manifest.rejected_counts().values())
    warned = sum(manifest.warning_counts().values())
    assert rejected + warned == len(manifest.defects)
    loaded = manifest.loaded_rows()
    for key, rows in manifest.data_rows().items():
        assert loaded[key] == rows - sum(n for (s, y, r), n in manifest.rejected_counts().items()
                                          if (s, y) == key)


def test_students_whose_cohort_row_is_rejected_appear_nowhere_else(small_oracle):
    rows = small_oracle.rows
    accepted = {r.values["national_id"] for r in rows if r.source == "cohort" and r.reason is None}
    rejected = {r.values["national_id"] for r in rows if r.source == "cohort"
                and r.reason not in (None, "invalid_national_id", "duplicate_row")
                and r.values.get("national_id")} - accepted
    assert rejected
    assert not [r for r in rows if r.source in ("training", "assessment", "followup")
                and r.values.get("national_id") in rejected]


# --- realistic content ------------------------------------------------------------------------

def test_cohort_is_exactly_the_selected_applicants_above_the_cut_off(small_oracle):
    rows = small_oracle.rows
    passed_cut_off_not_selected = 0
    for year in small_oracle.years:
        cohort = [r for r in rows if r.source == "cohort" and r.year == year
                  and r.reason != "duplicate_row"]
        applicants = [r.values for r in rows if r.source == "applicants" and r.year == year
                      and r.reason is None]
        selected = {a["national_id"] for a in applicants if a["selected"]}
        assert {r.values["national_id"] for r in cohort if r.reason is None} <= selected
        assert len(selected) == len(cohort)
        for discipline in {a["discipline"] for a in applicants}:
            scores = [a for a in applicants if a["discipline"] == discipline]
            cut_off = min((a["selection_score"] for a in scores if a["selected"]), default=101)
            passed_cut_off_not_selected += sum(
                1 for a in scores if not a["selected"] and a["selection_score"] >= cut_off)
    assert passed_cut_off_not_selected > 0


def first_cohort_rows(oracle: Oracle) -> dict[str, Row]:
    first: dict[str, Row] = {}
    for row in oracle.rows:
        if row.source == "cohort" and row.reason is None:
            first.setdefault(row.values["national_id"], row)
    return first


def test_answers_follow_the_school_career(small_oracle):
    """高一 students reach university in Y+2, 高二 in Y+1; four years of 本科, then on."""
    first = first_cohort_rows(small_oracle)
    answers = [r for r in small_oracle.rows if r.source == "followup" and r.reason is None]
    assert answers
    for answer in answers:
        cohort = first[answer.values["national_id"]]
        start = cohort.year + (2 if cohort.values["grade"] == "高一" else 1)
        status = answer.values["status"]
        if answer.year < start:
            assert status == "高中在读"
        elif answer.year < start + 4:
            assert status in ("本科在读", "其他")
        else:
            assert status in ("研究生在读", "已就业", "其他")
        if answer.values.get("topnotch"):
            assert start <= answer.values["topnotch_year"] <= min(start + 1, answer.year)


def test_response_rates_fall_with_years_since_selection(tmp_path):
    root = tmp_path / "long"
    manifest = generate(root, GeneratorOptions(seed=5, years=(2013, 2021), students_per_year=150,
                                               csv_only=True))
    oracle = Oracle(root, manifest)
    first = first_cohort_rows(oracle)
    alumni = Counter(row.year for row in first.values())
    answered = Counter(r.year - first[r.values["national_id"]].year for r in oracle.rows
                       if r.source == "followup" and r.reason is None)
    rate = {k: answered[k] / sum(n for year, n in alumni.items() if year + k <= 2021)
            for k in range(1, 9)}
    assert 0.75 < rate[1] < 0.95 and 0.2 < rate[8] < 0.45
    assert rate[1] > rate[4] > rate[8]


def test_student_ids_carry_province_birth_date_and_sex(small_oracle):
    for nid, row in first_cohort_rows(small_oracle).items():
        province = row.values["province"]
        assert nid[:2] == ("65" if province == "660000" else province[:2])
        age = row.year - national_id.birth_date(nid).year
        assert 15 <= age <= 19
        if row.values["grade"] == "高二":
            assert age >= 16
        if not row.warnings:  # gender_mismatch is injected on purpose
            assert row.values.get("gender") in (None, national_id.sex(nid))


def test_students_selected_twice_are_warned_once(small_oracle):
    repeats = [r for r in small_oracle.rows if "repeat_cohort" in r.warnings]
    assert repeats
    for row in repeats:
        earlier = [r for r in small_oracle.rows if r.source == "cohort" and r.reason is None
                   and r.values["national_id"] == row.values["national_id"] and r.year < row.year]
        assert len(earlier) == 1
        assert earlier[0].values["grade"] == "高一" and row.values["grade"] == "高二"


# --- every variant of the contract occurs ---------------------------------------------------

def test_every_format_encoding_and_sheet_shape_occurs(small):
    _, manifest = small
    files = [f for f in manifest.files if f.source]
    assert {(f.format, f.encoding) for f in files} == {
        ("csv", "utf-8"), ("csv", "utf-8-sig"), ("csv", "gb18030"), ("xlsx", None), ("xls", None)}
    for fmt in ("xlsx", "xls"):
        shaped = [f for f in files if f.format == fmt]
        assert {f.title_rows for f in shaped} == {0, 1, 2, 3}
        assert any(f.blank_rows for f in shaped) and any(f.total_row for f in shaped)


def test_total_rows_say_he_ji_or_zong_ji(sheets):
    assert {s.total_row for s in sheets if s.total_row} == {"合计", "总计"}


def test_file_names_use_english_and_chinese_keywords(small):
    _, manifest = small
    names = [f.path.split("/")[-1] for f in manifest.files if f.source]
    assert not manifest.roster_rows  # the rosters' names: test_roster_file_names_use_both_keywords
    for source, (english, chinese) in YEARLY_SOURCES.items():
        if source == "topnotch_roster":
            continue
        assert any(english in n.casefold() for n in names if source_of_file_name(n) == source)
        assert any(chinese in n for n in names if source_of_file_name(n) == source)


def test_every_header_spelling_occurs(sheets):
    headers = {(source_of_file_name(s.path.split("/")[-1]), h) for s in sheets for h in s.header}
    for source, columns in SOURCE_COLUMNS.items():
        if source == "topnotch_roster":  # not in this demo: test_roster_headers_use_every_spelling
            continue
        for column in columns:
            for spelling in (column.canonical, *column.aliases, column.name):
                assert (source, spelling) in headers, (source, spelling)
    texts = [h for _, h in headers]
    assert any(h != h.strip() for h in texts)  # surrounding spaces
    assert any(h.isascii() and h.isupper() for h in texts)  # case
    assert any(unicodedata.normalize("NFKC", h) != h and h.strip() == h for h in texts)  # width
    assert {"备注", "序号"} <= set(texts)  # columns outside the contract


def test_every_national_id_spelling_occurs(sheets):
    cells = [c for c in column_cells(sheets, "national_id") if isinstance(c, str)]
    assert any(c != c.strip() for c in cells)
    assert any(" " in c.strip() for c in cells)
    assert any(re.search("[０-９]", c) for c in cells)
    assert any(c.strip().endswith("x") for c in cells)


def test_every_date_form_occurs(sheets):
    cells = [c for column in DATES for c in column_cells(sheets, column)]
    texts = [c for c in cells if isinstance(c, str)]
    for form, pattern in DATE_FORMS.items():
        assert any(re.match(pattern, t) for t in texts), form
    assert any(isinstance(c, dt.date) for c in cells)  # a real Excel date cell
    assert any(re.fullmatch(r"\d{5}", t) for t in texts)  # a serial number in a text cell


def test_every_province_spelling_occurs(sheets):
    cells = set(column_cells(sheets, "province"))
    assert {"新疆生产建设兵团", "兵团"} <= cells
    for kind in ("name", "short_name", "pinyin", "code"):
        assert cells & {getattr(p, kind) for p in PROVINCES}, kind


@pytest.mark.parametrize("column, table", [
    ("gender", GENDER), ("grade", GRADE), ("discipline", DISCIPLINE), ("selected", YES_NO),
])
def test_every_coded_spelling_occurs(sheets, column, table):
    assert set(table) <= {_cell_text(c) for c in column_cells(sheets, column)}


def test_numbers_occur_as_text_decimal_full_width_and_cells(sheets):
    cells = [c for column in NUMBERS for c in column_cells(sheets, column)]
    texts = [c for c in cells if isinstance(c, str)]
    assert any(re.fullmatch(r"\d+", t) for t in texts)
    assert any(re.fullmatch(r"\d+\.0", t) for t in texts)
    assert any(re.search("[０-９]", t) for t in texts)
    assert any(isinstance(c, (int, float)) for c in cells)


# --- fast mode ------------------------------------------------------------------------------

def test_fast_mode_writes_one_utf8_csv_per_source_and_year(fast):
    root, manifest = fast
    yearly = [f for f in manifest.files if f.source]
    assert {(f.format, f.encoding) for f in yearly} == {("csv", "utf-8")}
    assert len({(f.source, f.year) for f in yearly}) == len(yearly)
    for entry in yearly:
        text, _ = _decode((root / entry.path).read_bytes())
        assert len(list(csv.reader(io.StringIO(text)))) - 1 == entry.data_rows


def test_fast_mode_is_deterministic_too(fast, tmp_path):
    root, _ = fast
    generate(tmp_path / "again", FAST)
    assert file_hashes(tmp_path / "again") == file_hashes(root)


def test_fast_mode_manifest_is_exact_too(fast):
    root, manifest = fast
    assert Oracle(root, manifest).findings() == manifest_findings(manifest)


def test_fast_mode_rows_scale_with_students(fast, tmp_path):
    _, manifest = fast
    double = generate(tmp_path / "double", GeneratorOptions(
        seed=7, years=(2013, 2016), students_per_year=80, csv_only=True))
    for source in ("cohort", "training", "assessment"):
        small_rows = sum(n for (s, _), n in manifest.data_rows().items() if s == source)
        large_rows = sum(n for (s, _), n in double.data_rows().items() if s == source)
        assert 1.7 < large_rows / small_rows < 2.3, source


def test_zero_defect_rate_gives_a_clean_delivery(tmp_path):
    root = tmp_path / "clean"
    manifest = generate(root, GeneratorOptions(seed=3, years=(2013, 2015), students_per_year=30,
                                               csv_only=True, defect_rate=0.0))
    assert manifest.defects == []
    assert Oracle(root, manifest).findings() == Counter()


def test_generate_refuses_a_directory_that_is_not_empty(tmp_path):
    (tmp_path / "old.csv").write_text("x")
    with pytest.raises(FileExistsError):
        generate(tmp_path, SMALL)
