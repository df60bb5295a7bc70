"""The roster linkage at national scale, timed: one entry year's rosters (15,000 rows,
40 % without a valid ID) against 200,000 programme persons and 75,000 applicants, made
in memory with the demo generator's names, schools and roster variants. Prints the
seconds of each step, the peak memory and the precision and recall against the truth.

    .venv/bin/python bench/linkage_scale.py [--persons 200000] [--applicants 75000] [--rows 15000]
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import polars as pl

from pipelines.contract.provinces import PROVINCES
from pipelines.demo import rosters
from pipelines.demo.names import person_names, schools_by_province
from pipelines.demo.people import PROVINCE_WEIGHTS, birth_dates
from pipelines.linkage import link
from pipelines.linkage.evaluate import accuracy

ENTRY_YEAR = 2024


def people(rng: np.random.Generator, count: int, kind: str, offset: int) -> pl.DataFrame:
    """Persons of 13 cohorts (2012–2024), as the candidates frame."""
    codes = [p.code for p in PROVINCES]
    weights = np.array([PROVINCE_WEIGHTS[c] for c in codes])
    schools = national_schools()
    male = rng.random(count) < 0.62
    province = np.array(codes, dtype=object)[rng.choice(len(codes), count, p=weights / weights.sum())]
    cohort = rng.integers(2012, 2025, count)
    born = np.concatenate([birth_dates(rng, int(y), np.zeros(1, np.int64)) for y in cohort]) \
        if count < 1000 else _births(rng, cohort)
    return pl.DataFrame({
        "person_key": [f"{kind[0]}{offset + i:07d}" for i in range(count)],
        "name": person_names(rng, male),
        "birth_date": born,
        "gender": np.where(male, "男", "女"),
        "school": [schools[p][d] for p, d in zip(province, _zipf_index(rng, count, SCHOOLS_PER_UNIT))],
        "province_code": province,
        "kind": np.full(count, kind),
        "male": male,
    }, schema_overrides={"name": pl.String, "school": pl.String, "province_code": pl.String,
                         "kind": pl.String}).with_columns(pl.col("birth_date").cast(pl.Date))


SCHOOLS_PER_UNIT = 60


def national_schools() -> dict[str, tuple[str, ...]]:
    """The demo's schools of each unit and more of the same kinds up to SCHOOLS_PER_UNIT
    (at national scale students come from some 2,000 schools, not the demo's 300)."""
    schools = {}
    for code, known in schools_by_province().items():
        city = known[-1][:-4] if known[-1].endswith("实验中学") else known[-1][:2]
        more = [f"{city.removesuffix('市')}市第{_numeral(k)}中学" for k in range(4, 4 + SCHOOLS_PER_UNIT)]
        schools[code] = tuple(dict.fromkeys([*known, *more]))[:SCHOOLS_PER_UNIT]
    return schools


def _numeral(k: int) -> str:
    digits = "零一二三四五六七八九"
    if k < 10:
        return digits[k]
    tens, ones = divmod(k, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + ("" if ones == 0 else digits[ones])


def _zipf_index(rng: np.random.Generator, count: int, size: int) -> np.ndarray:
    """Indexes in [0, size) with weights 1/(i+1): a few schools send many students."""
    weights = 1 / np.arange(1, size + 1)
    return rng.choice(size, count, p=weights / weights.sum())


def _births(rng: np.random.Generator, cohort: np.ndarray) -> np.ndarray:
    start = np.array([f"{y - 17}-09-01" for y in cohort], dtype="datetime64[D]")
    return start + rng.integers(0, 365, len(cohort)) + rng.choice([-365, 0, 365], len(cohort), p=[0.04, 0.92, 0.04])


def roster_rows(rng: np.random.Generator, candidates: pl.DataFrame, rows: int,
                insider_share: float) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Roster rows (as the linkage takes them) and their truth; a share of them are
    candidates written with the roster variants, the rest outsiders."""
    inside = round(rows * insider_share)
    picked = candidates.sample(inside, seed=int(rng.integers(0, 2**31)))
    outsiders = people(rng, rows - inside, "outsider", 0).with_columns(person_key=pl.lit(None, pl.String))
    truth_rows = pl.concat([picked, outsiders])
    names = [rosters._name_variant(rng, n) for n in truth_rows["name"].to_list()]
    schools = [rosters._school_variant(rng, s, p) if rng.random() < rosters.SCHOOL_VARIANT_SHARE else s
               for s, p in zip(truth_rows["school"].to_list(), truth_rows["province_code"].to_list())]
    born = [rosters._date_typo(rng, d) if rng.random() < rosters.BIRTH_DATE_TYPO_SHARE else d
            for d in truth_rows["birth_date"].to_list()]
    n = truth_rows.height

    def kept(column: str) -> pl.Series:
        return pl.Series(rng.random(n) >= rosters.EMPTY_SHARE[column])

    roster = truth_rows.select(
        roster_row_id=pl.format("{}/topnotch_roster.csv#{}", pl.lit(ENTRY_YEAR), pl.int_range(2, n + 2)),
        name=pl.Series(names, dtype=pl.String),
        birth_date=pl.when(kept("birth_date")).then(pl.Series(born, dtype=pl.Date)),
        gender=pl.when(kept("gender")).then(pl.col("gender")),
        high_school=pl.when(kept("high_school")).then(pl.Series(schools, dtype=pl.String)),
        province_code=pl.when(kept("province")).then(pl.col("province_code")),
        entry_year=pl.lit(ENTRY_YEAR), university=pl.lit("北京大学"), discipline=pl.lit("数学"),
    )
    truth = roster.select("roster_row_id").with_columns(true_person_key=truth_rows["person_key"])
    return roster, truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--applicants", type=int, default=75_000)
    parser.add_argument("--rows", type=int, default=15_000)
    parser.add_argument("--without-id", type=float, default=0.4)
    parser.add_argument("--insider-share", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    started = time.perf_counter()
    candidates = pl.concat([people(rng, args.persons, "person", 0),
                            people(rng, args.applicants, "applicant", args.persons)])
    roster, truth = roster_rows(rng, candidates, args.rows, args.insider_share)
    candidates = candidates.drop("male")
    without_id = pl.Series(rng.random(roster.height) < args.without_id)
    to_link = roster.filter(without_id)
    # A valid ID links its row: the person's key where it is a candidate's, else none.
    training = roster.filter(~without_id).join(
        truth.rename({"true_person_key": "person_key"}), on="roster_row_id", how="left")
    made = time.perf_counter()
    print(f"data made in {made - started:.1f} s: {to_link.height:,} rows to link "
          f"(+{training.height:,} with an ID, for training) against {candidates.height:,} candidates")
    result = link(to_link, candidates, training_rows=training)
    linked = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    scored = accuracy(result.rows, truth)
    print(f"linkage {linked - made:.1f} s, peak memory {peak:,.0f} MiB")
    print(f"statuses: {dict(result.rows['status'].value_counts().iter_rows())}")
    print(f"precision {scored.precision:.4f} ({scored.correct}/{scored.linked}), "
          f"recall {scored.recall:.4f} ({scored.correct}/{scored.linkable}), "
          f"expected count Σp {result.expected_count():.1f}, candidate pairs ≥ 0.5: {result.candidates.height:,}")


if __name__ == "__main__":
    main()
