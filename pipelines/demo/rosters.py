"""The 拔尖计划 bases' rosters (topnotch_roster) of a demo delivery: one row per student a
base admitted in entry year E, in the folder of E, one file per base university.

Who is on them: the alumni `destinies` sent to a base (their topnotch_year is E), some
applicants who were not selected, and students from outside the programme. The bases
collect national IDs unevenly, so a row's ID is valid, missing or mistyped (about 60 /
25 / 15 %), and the other fields are written as people write them: names in traditional
characters, in pinyin, with a character dropped or a space inside; schools as 附中 or
一中, without 市, with the province in front; now and then a birth date with one digit
wrong, a gender, province or school left empty. The truth of every row (whose ID, which
kind of person, which ID form) goes into the manifest, so that the linkage can be
measured against it.

The roster columns and their header spellings come from the source registry
(`pipelines.registry.sources.TOPNOTCH_ROSTER`); the pipeline reads nothing from this
module.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.contract import national_id
from pipelines.registry import sources as registry
from pipelines.contract.provinces import PROVINCE_BY_CODE, PROVINCES
from pipelines.demo.layout import FilePlan
from pipelines.demo.manifest import FileEntry, RosterRow
from pipelines.demo.names import person_names, schools_by_province
from pipelines.demo.people import (PROVINCE_WEIGHTS, STRANGER_SEQUENCE, Population, area_codes,
                                   birth_dates)
from pipelines.demo.reference import Reference, university_spellings
from pipelines.demo.spellings import full_width
from pipelines.demo.writers import write_numbered

SOURCE = registry.TOPNOTCH_ROSTER.name
ROSTER_STREAM = 15  # the rosters' random stream: np.random.default_rng([seed, ROSTER_STREAM])

# The roster columns and their header spellings, from the source registry:
# (column, canonical header, aliases, English header). The base's discipline is
# `base_discipline` (its English header `discipline` is among its aliases), written as
# the base names it (物理学), not in the programme's spellings (物理, Physics).
COLUMNS: tuple[tuple[str, str, tuple[str, ...], str], ...] = tuple(
    (c.name, c.canonical, c.aliases, c.name) for c in registry.TOPNOTCH_ROSTER.columns
)
# The optional columns a file may leave out; the ID column stays (a base that collects
# no IDs leaves its cells empty).
OPTIONAL = tuple(c.name for c in registry.TOPNOTCH_ROSTER.columns
                 if not c.required and c.name != "national_id")

# File names: the contract's keywords `topnotch_roster` and `拔尖`, never another source's.
NAME_PATTERNS = ("topnotch_roster_{u}", "{y}年拔尖计划学生名单-{u}", "拔尖计划2.0基地名单（{u}）",
                 "TopNotch_Roster_{y}_{u}")
FORMATS: tuple[tuple[str, str | None], ...] = (
    ("xlsx", None), ("csv", "utf-8"), ("csv", "gb18030"), ("xlsx", None), ("csv", "utf-8-sig"),
)

# Shares of the ID forms, and of applicants and outsiders on the rosters.
ID_FORMS = {"valid": 0.60, "missing": 0.25, "mistyped": 0.15}
APPLICANT_SHARE = 0.04  # of the non-selected applicants of a year, who enter a base later
OUTSIDERS_PER_INSIDER = 1.5
# Name variants and their shares (the rest is written as the person's name).
NAME_VARIANTS = {"traditional": 0.08, "pinyin": 0.07, "dropped": 0.04, "space": 0.06}
SCHOOL_VARIANT_SHARE = 0.35
BIRTH_DATE_TYPO_SHARE = 0.04
EMPTY_SHARE = {"gender": 0.05, "birth_date": 0.05, "high_school": 0.06, "province": 0.05,
               "entry_year": 0.3}

COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官")


def header_spellings(column: str) -> tuple[str, ...]:
    """The ways a roster file heads `column`: canonical, aliases, English, upper-case
    English, full-width English, canonical with spaces around."""
    _, canonical, aliases, english = next(c for c in COLUMNS if c[0] == column)
    return (canonical, *aliases, english, english.upper(), full_width(english), f" {canonical} ")


def write_rosters(out_dir: Path, rng: np.random.Generator, population: Population,
                  fates: pl.DataFrame, reference: Reference, years: list[int],
                  with_applicants: bool, fast: bool) -> tuple[list[FileEntry], list[RosterRow]]:
    """Write every roster file of `years` and return their manifest entries and the
    truth of each row."""
    rows = roster_people(rng, population, fates, reference, years, with_applicants)
    rows = _with_ids(rng, rows, population)
    rows = _as_written(rng, rows)
    entries, truths = [], []
    turn = 0
    for year in years:
        of_year = rows.filter(pl.col("year") == year)
        universities = sorted(set(of_year["base_university"].to_list()))
        for university in universities:
            file_rows = of_year.filter(pl.col("base_university") == university)
            plan = _plan(rng, year, university, turn, fast)
            turn += 1
            file_rows = file_rows.with_columns(
                _order=pl.Series(rng.permutation(file_rows.height).astype(np.float64)),
                _reason=pl.lit(None, pl.String), _column=pl.lit(None, pl.String))
            entry, _, written = write_numbered(out_dir, plan, file_rows, rng, fast)
            entries.append(entry)
            truths.extend(RosterRow(plan.path, number, year, true_id, kind, form)
                          for number, true_id, kind, form in written.select(
                              "row_number", "_true_id", "_kind", "_id_form").iter_rows())
    return entries, truths


def roster_people(rng: np.random.Generator, population: Population, fates: pl.DataFrame,
                  reference: Reference, years: list[int], with_applicants: bool) -> pl.DataFrame:
    """Who the rosters name, one row each: year (entry year), kind, _true_id (None for
    outsiders), name, male, birth_date, province_code, school, base_university,
    base_discipline."""
    persons = population.persons
    last = years[-1]
    insiders = (fates.filter((pl.col("topnotch_year") > 0) & (pl.col("topnotch_year") <= last))
                .select("person", year="topnotch_year", base="topnotch_base")
                .with_columns(kind=pl.lit("person")))
    insiders = insiders.with_columns(
        base_university=pl.col("base").str.split(" ").list.get(0),
        base_discipline=pl.col("base").str.split(" ").list.get(1)).drop("base")
    frames = [insiders]
    if with_applicants:
        ever_selected = population.applications.filter(pl.col("selected"))["person"].unique()
        others = (population.applications
                  .filter(~pl.col("person").is_in(ever_selected.implode()))
                  .sort("person", "year").group_by("person", maintain_order=True).last())
        enters = others.filter(pl.Series(rng.random(others.height) < APPLICANT_SHARE))
        entry = (enters["year"].to_numpy() + np.where(enters["grade"].to_numpy() == "高一", 2, 1)
                 + rng.integers(0, 2, enters.height))
        applicants = enters.select("person").with_columns(
            year=pl.Series(entry, dtype=pl.Int64), kind=pl.lit("applicant"))
        applicants = applicants.filter(pl.col("year") <= last)
        frames.append(_with_bases(rng, applicants, reference))
    inside = pl.concat([f.select("person", "year", "kind", "base_university", "base_discipline")
                        .with_columns(pl.col("year").cast(pl.Int64)) for f in frames])
    inside = inside.join(persons, on="person", how="left", maintain_order="left").select(
        "year", "kind", _true_id="national_id", name="name", male="male", birth_date="birth_date",
        province_code="province_code", school="school", base_university="base_university",
        base_discipline="base_discipline")
    outsiders = _outsiders(rng, inside, reference, years)
    return pl.concat([inside, outsiders.select(inside.columns)]).sort("year", maintain_order=True)


def _with_bases(rng: np.random.Generator, rows: pl.DataFrame, reference: Reference) -> pl.DataFrame:
    name_of = {u.code: u.name for u in reference.universities}
    pick = rng.integers(0, len(reference.bases), rows.height)
    return rows.with_columns(
        base_university=pl.Series([name_of[reference.bases[i]["university_code"]] for i in pick],
                                  dtype=pl.String),
        base_discipline=pl.Series([reference.bases[i]["discipline"] for i in pick], dtype=pl.String))


def _outsiders(rng: np.random.Generator, inside: pl.DataFrame, reference: Reference,
               years: list[int]) -> pl.DataFrame:
    """Students from outside the programme, OUTSIDERS_PER_INSIDER per programme student
    or applicant of the year (at least a few a year once bases admit anyone), from the
    same schools and provinces, born when university entrants are."""
    per_year = inside.group_by("year").len()
    counts = {y: round(OUTSIDERS_PER_INSIDER * n) for y, n in per_year.iter_rows()}
    codes = [p.code for p in PROVINCES]
    weights = np.array([PROVINCE_WEIGHTS[c] for c in codes])
    schools = schools_by_province()
    frames = []
    for year in years:
        n = counts.get(year, 0)
        if n == 0:
            continue
        male = rng.random(n) < 0.6
        province = np.array(codes, dtype=object)[rng.choice(len(codes), n, p=weights / weights.sum())]
        born = birth_dates(rng, year - 2, np.zeros(n, np.int64))
        frame = pl.DataFrame({
            "year": np.full(n, year, np.int64), "kind": np.full(n, "outsider", object),
            "name": person_names(rng, male), "male": male, "birth_date": born,
            "province_code": province,
            "school": [schools[p][int(d) % len(schools[p])] for p, d in
                       zip(province, rng.integers(0, 1000, n))],
        }, schema_overrides={"kind": pl.String, "name": pl.String, "province_code": pl.String})
        frames.append(_with_bases(rng, frame, reference).with_columns(
            _true_id=pl.lit(None, pl.String), birth_date=pl.col("birth_date").cast(pl.Date)))
    if not frames:
        return inside.clear()
    return pl.concat(frames)


def _with_ids(rng: np.random.Generator, rows: pl.DataFrame, population: Population) -> pl.DataFrame:
    """The ID as the roster writes it (`national_id`) and its form (`_id_form`). An
    outsider's valid ID is a stranger's (no programme person's or applicant's)."""
    n = rows.height
    forms = np.array(list(ID_FORMS), dtype=object)[
        rng.choice(len(ID_FORMS), n, p=np.array(list(ID_FORMS.values())))]
    taken = set(population.persons["national_id"].to_list())
    written = []
    for true_id, form, born, male, province in zip(
            rows["_true_id"].to_list(), forms.tolist(), rows["birth_date"].to_list(),
            rows["male"].to_list(), rows["province_code"].to_list()):
        own = true_id if true_id is not None else _outsider_id(rng, born, male, province, taken)
        if form == "valid":
            written.append(own)
        elif form == "missing":
            written.append(None)
        else:
            written.append(_mistyped(rng, own))
    return rows.with_columns(national_id=pl.Series(written, dtype=pl.String),
                             _id_form=pl.Series(forms, dtype=pl.String))


def _outsider_id(rng: np.random.Generator, born: dt.date, male: bool, province: str,
                 taken: set[str]) -> str:
    """A valid ID agreeing with the outsider's birth date, sex and province, with a
    sequence number no programme person's or applicant's uses (people.STRANGER_SEQUENCE)."""
    areas = area_codes(province)
    while True:
        number = national_id.make(areas[int(rng.integers(0, len(areas)))], born,
                                  int(rng.integers(STRANGER_SEQUENCE, 500)), bool(male))
        if number not in taken:
            taken.add(number)
            return number


def _mistyped(rng: np.random.Generator, number: str) -> str:
    """The ID as a clerk mistypes it, failing the check: one digit wrong, two digits
    swapped, a digit dropped, or Excel's scientific notation."""
    for _ in range(20):
        how = int(rng.integers(0, 4))
        digits = list(number)
        if how == 0:
            i = int(rng.integers(0, 17))
            digits[i] = str((int(digits[i]) + int(rng.integers(1, 10))) % 10)
            typed = "".join(digits)
        elif how == 1:
            i = int(rng.integers(0, 16))
            digits[i], digits[i + 1] = digits[i + 1], digits[i]
            typed = "".join(digits)
        elif how == 2:
            i = int(rng.integers(0, 18))
            typed = number[:i] + number[i + 1:]
        else:
            typed = f"{int(number[:17]) * 10:.14E}"  # 4.40106200501011E+17
        if not national_id.is_valid(national_id.normalise(typed)):
            return typed
    return number[:17]


def _as_written(rng: np.random.Generator, rows: pl.DataFrame) -> pl.DataFrame:
    """Names, schools, dates and the optional fields as the bases write them."""
    n = rows.height
    names = [_name_variant(rng, name) for name in rows["name"].to_list()]
    schools = [_school_variant(rng, school, province) if rng.random() < SCHOOL_VARIANT_SHARE
               else school for school, province in zip(rows["school"].to_list(),
                                                       rows["province_code"].to_list())]
    born = [_date_typo(rng, day) if rng.random() < BIRTH_DATE_TYPO_SHARE else day
            for day in rows["birth_date"].to_list()]

    def kept(column: str) -> pl.Series:
        return pl.Series(rng.random(n) >= EMPTY_SHARE[column])

    province_names = {p.code: p.name for p in PROVINCES}
    return rows.with_columns(
        name=pl.Series(names, dtype=pl.String),
        gender=pl.when(kept("gender")).then(
            pl.when(pl.col("male")).then(pl.lit("男")).otherwise(pl.lit("女"))),
        birth_date=pl.when(kept("birth_date")).then(
            pl.Series(born, dtype=pl.Date).cast(pl.String)),
        high_school=pl.when(kept("high_school")).then(pl.Series(schools, dtype=pl.String)),
        province=pl.when(kept("province")).then(
            pl.col("province_code").replace_strict(province_names, return_dtype=pl.String)),
        university=university_spellings(rng, rows["base_university"]),
        entry_year=pl.when(kept("entry_year")).then(pl.col("year").cast(pl.String)),
        _true_id="_true_id", _kind="kind",
        _province="province_code",
    )


def _name_variant(rng: np.random.Generator, name: str) -> str:
    draw = rng.random()
    edge = 0.0
    for variant, share in NAME_VARIANTS.items():
        edge += share
        if draw < edge:
            return _NAME_WRITERS[variant](rng, name)
    return name


def split_name(name: str) -> tuple[str, str]:
    """Surname and given name of a name in Chinese characters (compound surnames known)."""
    cut = 2 if name[:2] in COMPOUND_SURNAMES else 1
    return name[:cut], name[cut:]


def _traditional(rng: np.random.Generator, name: str) -> str:
    from opencc import OpenCC  # only the demo's rosters need it

    return OpenCC("s2t").convert(name)


def _pinyin(rng: np.random.Generator, name: str) -> str:
    from pypinyin import lazy_pinyin

    surname, given = split_name(name)
    family = "".join(lazy_pinyin(surname)).capitalize()
    first = "".join(lazy_pinyin(given)).capitalize()
    style = int(rng.integers(0, 3))
    if style == 0:
        return f"{family} {first}"
    if style == 1:
        return f"{family.upper()} {first}"
    return f"{first} {family}"


def _dropped(rng: np.random.Generator, name: str) -> str:
    surname, given = split_name(name)
    if len(given) < 2:
        return name
    i = int(rng.integers(0, len(given)))
    return surname + given[:i] + given[i + 1:]


def _spaced(rng: np.random.Generator, name: str) -> str:
    surname, given = split_name(name)
    return f"{surname} {given}" if rng.random() < 0.7 else f"{name}\u3000"


_NAME_WRITERS = {"traditional": _traditional, "pinyin": _pinyin, "dropped": _dropped,
                 "space": _spaced}


def _school_variant(rng: np.random.Generator, school: str, province_code: str) -> str:
    """附属中学 → 附中, 第一中学 → 一中, 北京市 → 北京, or the province in front."""
    short = re.sub(r"附属中学$", "附中", school)
    short = re.sub(r"第([一二三四五六七八九十]+)中学$", r"\1中", short)
    short = re.sub(r"^(.{2,4})市", r"\1", short)
    if short != school and rng.random() < 0.8:
        return short
    unit = PROVINCE_BY_CODE[province_code]
    if not school.startswith(unit.short_name):
        return unit.name + school
    return short


def _date_typo(rng: np.random.Generator, day: dt.date) -> dt.date:
    """One digit of the date wrong (the last of the year, month or day), still a date."""
    for _ in range(20):
        which = int(rng.integers(0, 3))
        delta = int(rng.choice([-1, 1]))
        try:
            if which == 0:
                candidate = day.replace(year=day.year + delta)
            elif which == 1:
                candidate = day.replace(month=day.month + delta)
            else:
                candidate = day.replace(day=day.day + delta)
        except ValueError:
            continue
        if candidate != day:
            return candidate
    return day


def _plan(rng: np.random.Generator, year: int, university: str, turn: int, fast: bool) -> FilePlan:
    columns = tuple(c[0] for c in COLUMNS)
    if fast:
        return FilePlan(f"{year}/{SOURCE}_{year}_{university}.csv", SOURCE, year, university,
                        "csv", "utf-8", columns, tuple(c[1] for c in COLUMNS),
                        False, False, (), 0, None, False)
    fmt, encoding = FORMATS[turn % len(FORMATS)]
    pattern = NAME_PATTERNS[turn % len(NAME_PATTERNS)]
    path = f"{year}/{pattern.format(y=year, u=university)}.{fmt}"
    kept = list(columns)
    if turn % 3 == 2:  # a base that leaves an optional column out
        kept.remove(OPTIONAL[(turn // 3) % len(OPTIONAL)])
    headers = tuple(header_spellings(c)[(turn + i) % len(header_spellings(c))]
                    for i, c in enumerate(kept))
    excel = fmt != "csv"
    titles = (f"{year}年拔尖计划2.0基地学生名单（{university}）",)[: int(excel and turn % 2 == 0)]
    return FilePlan(path=path, source=SOURCE, year=year, group=university, format=fmt,
                    encoding=encoding, columns=tuple(kept), headers=headers,
                    serial_column=excel and rng.random() < 0.3, remark_column=False,
                    title_rows=titles, blank_rows=int(rng.integers(0, 3)) if excel else 0,
                    total_label=None, quote_all=not excel and rng.random() < 0.3)
