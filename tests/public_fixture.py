"""Published figures for the dashboard and report tests: a small hand-built warehouse
published by the real publish step (pipelines.publish.database.publish, k = 5).

The warehouse holds marts.metric_values with figures written here (eight cohorts,
2016–2023, survey years to H = 2024; the 32 reporting units, five disciplines, two
genders), the core tables the public summaries join (core.provinces,
core.survey_responses) and the audit tables the data-quality page reads. The publish step
makes public.* from it; `Fixture.public` is what it published, read back. Cohort sizes are
drawn from 6 to 30 except where placed so that the publication rules (metrics.md) hide
cells the tests can name:

- 西藏 (540000) 2018: 3 students, a small count, shown as <5 (rule 1);
- 青海 (630000) 2018: 5 students, the smallest other unit of 2018, withheld as its
  complement (rule 2), and every figure over those students with it (rule 3: the same
  count is each rate's denominator) — its true mean training hours, 987.65, is a canary;
- 西藏 2016 (6) and 青海 2016 (7): the smallest other cohorts of those two units, withheld
  to complete their rows;
- 兵团 (660000): two Top-Notch entrants in all (cohort 2019), a small count, so its pooled
  4-year Top-Notch rate and its Kaplan–Meier estimate at 4 years are withheld; their true
  values are canaries (86.42%, 93.21%) that no shown figure is near.

The true figures live only in marts.metric_values (which the published file also holds,
for analysts): a page that showed one of them read the wrong schema.

The tables other helpers of issue 12 build are added to the published file by hand, in the
shape of INTERFACES12 and with simple rules of their own (a count 0 … k − 1 reads <5, a
unit's rate whose numerator or complement is below k is withheld): marts and
public.annual_reach (no survey in 2016, so no response rate that year), the selection
metrics `applicants` and `selection_rate` (no applicants data for 2016) and the
three-cohort rows (cohorts_pooled = 3) of topnotch_rate, qiangji_rate and graduate_rate.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from pipelines.contract.provinces import PROVINCE_CODES, PROVINCES
from pipelines.metrics.statistics import wilson_interval
from pipelines.publish.database import publish
from pipelines.publish.suppression import WITHHELD_MARK as MARK

YEARS = tuple(range(2016, 2024))
H = 2024
K = 5
SMALL_LABEL = "<5"
DISCIPLINES = ("数学", "物理", "化学", "生物", "计算机")
GENDERS = ("男", "女")
TITLES = ("院士", "长江学者", "杰青", "国家级教学名师", "省级教学名师", "其他")
TIBET, QINGHAI, XPCC = "540000", "630000", "660000"
CANARY_TOPNOTCH_RATE = 0.8642
CANARY_KM = 0.9321
CANARY_HOURS = 987.65
CANARIES = ("86.4", "0.8642", "93.2", "0.9321", "987.6", "987.7")

REACH_COLUMNS = """
    year INTEGER, group_type VARCHAR, group_value VARCHAR, measure VARCHAR, detail VARCHAR,
    numerator BIGINT, denominator BIGINT, value DOUBLE, ci_low DOUBLE, ci_high DOUBLE
"""
REACH_DISPLAY_COLUMNS = """
    numerator_display VARCHAR, denominator_display VARCHAR, value_display VARCHAR, suppressed BOOLEAN,
    suppression VARCHAR
"""
METRIC_COLUMNS = """
    metric VARCHAR, cohort_year INTEGER, group_type VARCHAR, group_value VARCHAR, horizon INTEGER,
    cohorts_pooled INTEGER, numerator BIGINT, denominator BIGINT, value DOUBLE, ci_low DOUBLE, ci_high DOUBLE
"""


@dataclass
class Fixture:
    analytics: Path
    warehouse: Path
    output: Path
    truth: dict  # key → true row (marts; single cohorts and all cohorts)
    public: dict  # key → published row (public.metric_values, as the publish step made it)
    pooled: dict  # key + (3,) → true three-cohort row (marts)
    reach: list  # the true rows of marts.annual_reach


def _interval(x, n) -> tuple[float | None, float | None]:
    """The 95% Wilson interval the marts give a rate (None without persons)."""
    if not n:
        return (None, None)
    low, high = wilson_interval(np.array([x]), np.array([n]))
    return (float(low[0]), float(high[0]))


def _sizes(rng: random.Random) -> dict[tuple[str, int], int]:
    sizes = {}
    for code in PROVINCE_CODES:
        for year in YEARS:
            sizes[(code, year)] = rng.randint(6, 30)
    sizes[(TIBET, 2018)] = 3
    sizes[(TIBET, 2016)] = 6
    sizes[(QINGHAI, 2016)] = 7
    sizes[(QINGHAI, 2018)] = 5
    sizes[(XPCC, 2016)] = 0
    return sizes


def _rows(rng: random.Random) -> list[dict]:
    """The true metric rows: provinces drawn, disciplines and genders split from them,
    national the sums."""
    sizes = _sizes(rng)
    persons: dict[tuple[str, str, int], dict] = {}  # (group_type, group_value, year) → counts

    def add(group: tuple[str, str], year: int, counts: dict) -> None:
        target = persons.setdefault((*group, year), {k: 0 for k in counts} | {"hours": 0.0})
        for key, value in counts.items():
            target[key] += value

    for (code, year), n in sizes.items():
        observed = H - year
        counts = {
            "n": n,
            "completed": round(n * rng.uniform(0.80, 0.86)),
            "excellent": round(n * rng.uniform(0.2, 0.3)),
            "withdrew": round(n * rng.uniform(0.0, 0.06)),
            "reached": round(n * rng.uniform(0.5, 0.7)),
            "university": round(n * 0.6) if observed >= 2 else 0,
            "basic": round(n * 0.35) if observed >= 2 else 0,
            "known_major": round(n * 0.55) if observed >= 2 else 0,
            "qiangji": round(n * 0.1) if observed >= 2 else 0,
            "graduate": round(n * 0.2) if observed >= 6 else 0,
            **{f"coverage_{h}": round(n * max(0.1, 0.7 - 0.07 * h)) for h in range(1, observed + 1)},
            **{f"topnotch_{h}": round(n * min(0.2, 0.03 * max(0, h - 1))) for h in range(1, 9)},
        }
        if code == XPCC:  # two Top-Notch entrants in all, both of cohort 2019
            counts |= {f"topnotch_{h}": (2 if year == 2019 and h >= 2 else 0) for h in range(1, 9)}
        hours = n * rng.uniform(100, 160)
        add(("province", code), year, counts)
        persons[("province", code, year)]["hours"] = hours
        add(("national", "all"), year, counts)
        persons[("national", "all", year)]["hours"] += hours
    # disciplines and genders: shares of the national counts (sums equal the nation's)
    for year in YEARS:
        nation = persons[("national", "all", year)]
        for values, group_type in ((DISCIPLINES, "discipline"), (GENDERS, "gender")):
            shares = [0.3, 0.25, 0.2, 0.15, 0.1] if group_type == "discipline" else [0.62, 0.38]
            remainder = dict(nation)
            for index, value in enumerate(values):
                last = index == len(values) - 1
                part = {k: (remainder[k] if last else round(v * shares[index])) for k, v in nation.items() if k != "hours"}
                for k in part:
                    remainder[k] -= part[k]
                part["hours"] = nation["hours"] * shares[index]
                persons[(group_type, value, year)] = part

    rows = []
    groups = sorted({(g, v) for g, v, _ in persons})
    for group_type, value in groups:
        cohort = {y: persons[(group_type, value, y)] for y in YEARS}
        for year in [*YEARS, None]:
            def summed(key, defined=lambda y: True):
                years = [y for y in YEARS if defined(y)] if year is None else ([year] if defined(year) else [])
                if not years:
                    return None
                return sum(cohort[y].get(key, 0) for y in years)
            n = summed("n")
            base = {"cohort_year": year, "group_type": group_type, "group_value": value}
            rows.append({**base, "metric": "cohort_size", "horizon": None, "numerator": None,
                         "denominator": None, "value": float(n)})
            hours = summed("hours")
            rows.append({**base, "metric": "training_hours_mean", "horizon": None, "numerator": None,
                         "denominator": n, "value": hours / n if n else None})
            for metric, key, denominator_key, defined in (
                ("completion_rate", "completed", "n", lambda y: True),
                ("excellence_rate", "excellent", "n", lambda y: True),
                ("withdrawal_rate", "withdrew", "n", lambda y: True),
                ("ever_reached", "reached", "n", lambda y: True),
                ("basic_major_rate", "basic", "known_major", lambda y: H - y >= 2),
                ("qiangji_rate", "qiangji", "university", lambda y: H - y >= 2),
                ("graduate_rate", "graduate", "n", lambda y: H - y >= 6),
            ):
                x, d = summed(key, defined), summed(denominator_key, defined)
                rows.append(_rate(base, metric, None, x, d))
            for h in range(1, 9):
                defined = lambda y, h=h: y + h <= H  # noqa: E731
                rows.append(_rate(base, "topnotch_rate", h, summed(f"topnotch_{h}", defined), summed("n", defined)))
            horizons = range(1, H - year + 1) if year else range(1, H - YEARS[0] + 1)
            for h in horizons:
                defined = lambda y, h=h: y + h <= H  # noqa: E731
                rows.append(_rate(base, "followup_coverage", h, summed(f"coverage_{h}", defined), summed("n", defined)))
        for h in range(1, 9):
            events = sum(cohort[y][f"topnotch_{min(h, H - y)}"] for y in YEARS if H - y >= 1)
            at_risk = sum(cohort[y]["n"] for y in YEARS if H - y >= h)
            total_n = sum(cohort[y]["n"] for y in YEARS)
            value_km = events / total_n if total_n else None
            low, high = _interval(events, total_n)
            rows.append({"metric": "topnotch_km", "cohort_year": None, "group_type": group_type,
                         "group_value": value, "horizon": h, "numerator": events, "denominator": at_risk,
                         "value": value_km, "ci_low": low, "ci_high": high})
    for row in rows:
        row.setdefault("ci_low", None)
        row.setdefault("ci_high", None)
    _plant_canaries(rows)
    return rows


def _rate(base: dict, metric: str, horizon, x, d) -> dict:
    if d is None:
        return {**base, "metric": metric, "horizon": horizon, "numerator": None, "denominator": None,
                "value": None, "ci_low": None, "ci_high": None}
    low, high = _interval(x, d)
    return {**base, "metric": metric, "horizon": horizon, "numerator": x, "denominator": d,
            "value": x / d if d else None, "ci_low": low, "ci_high": high}


def _plant_canaries(rows: list[dict]) -> None:
    for row in rows:
        if row["group_type"] == "province" and row["group_value"] == XPCC and row["cohort_year"] is None:
            if row["metric"] == "topnotch_rate" and row["horizon"] == 4:
                row["value"] = CANARY_TOPNOTCH_RATE
            if row["metric"] == "topnotch_km" and row["horizon"] == 4:
                row["value"] = CANARY_KM
        if (row["group_type"], row["group_value"], row["cohort_year"], row["metric"]) == (
                "province", QINGHAI, 2018, "training_hours_mean"):
            row["value"] = CANARY_HOURS


def _key(row: dict) -> tuple:
    return (row["metric"], row["cohort_year"], row["group_type"], row["group_value"], row["horizon"])


def _hidden_cohort(public: dict, code: str, year: int) -> bool:
    row = public.get(("cohort_size", year, "province", code, None))
    return row is not None and row["value"] is None and row["value_display"] is not None


def _published(row: dict, hide_value: bool, hide_numerator: bool = False, hide_denominator: bool = False) -> dict:
    """A true row as the published edition shows it (hand-made rules: a count 0 … k − 1
    reads <5, a rate whose numerator or complement is below k is withheld)."""
    def shown(figure, hidden, small):
        if figure is None:
            return None, None
        if hidden:
            return None, SMALL_LABEL if small else MARK
        return figure, str(figure)

    numerator, numerator_display = shown(row.get("numerator"), hide_numerator,
                                         row.get("numerator") is not None and row["numerator"] < K)
    denominator, denominator_display = shown(row.get("denominator"), hide_denominator,
                                             row.get("denominator") is not None and row["denominator"] < K)
    hidden = hide_value and row["value"] is not None
    return {**row, "numerator": numerator, "denominator": denominator,
            "value": None if hidden else row["value"], "ci_low": None if hidden else row["ci_low"],
            "ci_high": None if hidden else row["ci_high"],
            "numerator_display": numerator_display, "denominator_display": denominator_display,
            "value_display": (MARK if hidden else None if row["value"] is None else f"{row['value']:.4f}"),
            "suppressed": hidden or hide_numerator or hide_denominator,
            "suppression": "complement_rule" if hidden else None}


def _rate_hidden(x, n) -> bool:
    return x is not None and n is not None and (x < K or n - x < K)


def _reach_truth(rng: random.Random, truth: dict) -> list[dict]:
    """marts.annual_reach (INTERFACES12 §2): every year 2016 … H, the nation and all 32
    units (zeros included); no survey in 2016, so no response rate that year."""
    rows = []
    for year in (*YEARS, H):
        for group_type, codes in (("national", ["all"]), ("province", list(PROVINCE_CODES))):
            for code in codes:
                students = truth.get(("cohort_size", year, group_type, code, None))
                n = int(students["value"]) if students else 0
                base = {"year": year, "group_type": group_type, "group_value": code}

                def add(measure, detail=None, numerator=None, denominator=None, value=None):
                    low, high = _interval(numerator, denominator) if denominator is not None else (None, None)
                    rows.append({**base, "measure": measure, "detail": detail, "numerator": numerator,
                                 "denominator": denominator, "value": value, "ci_low": low, "ci_high": high})

                add("students", value=float(n))
                girls = round(n * 0.38)
                add("girls_share", numerator=girls, denominator=n, value=girls / n if n else None)
                add("schools", value=float(max(1, round(n * 0.7)) if n else 0))
                add("universities", value=float(min(n, 3 + n // 8)))
                add("mentors", value=float(round(n * 0.9)))
                for index, title in enumerate(TITLES):
                    add("mentors", title, value=float(round(n * 0.9 * (0.05, 0.1, 0.15, 0.1, 0.2, 0.4)[index])))
                alumni = sum(int(truth[("cohort_size", y, group_type, code, None)]["value"]) for y in YEARS if y < year)
                if year == YEARS[0]:
                    add("survey_response_rate")
                else:
                    responded = round(alumni * 0.55)
                    add("survey_response_rate", numerator=responded, denominator=alumni,
                        value=responded / alumni if alumni else None)
    return rows


def _reach_published(reach: list[dict], public: dict) -> list[dict]:
    """public.annual_reach as the rules of INTERFACES12 §2 make it: students hidden where
    the cohort size is, persons' rates by the complement rule, institution counts withheld
    where the unit's students are hidden, groups without their population dropped."""
    students = {(r["year"], r["group_type"], r["group_value"]): r["value"] for r in reach if r["measure"] == "students"}
    rows = []
    for row in reach:
        key = (row["year"], row["group_type"], row["group_value"])
        unit = row["group_type"] == "province"
        population = row["denominator"] if row["measure"] == "survey_response_rate" else students[key]
        if row["measure"] == "survey_response_rate" and row["denominator"] is None:
            population = 1  # no survey that year: the row stays, undefined
        if not population:
            continue
        hidden_unit = unit and _hidden_cohort(public, row["group_value"], row["year"])
        if row["measure"] == "students":
            published = _published(row, False)
            if hidden_unit:
                cohort = public[("cohort_size", row["year"], "province", row["group_value"], None)]
                published |= {"value": None, "value_display": cohort["value_display"], "suppressed": True}
        elif row["measure"] in ("girls_share", "survey_response_rate"):
            hidden = unit and (_rate_hidden(row["numerator"], row["denominator"]) or hidden_unit)
            published = _published(row, hidden, hide_numerator=hidden,
                                   hide_denominator=hidden_unit and row["measure"] == "girls_share")
        else:
            published = _published(row, hidden_unit)
        rows.append(published)
    return rows


SELECTION_RATE = 0.25


def _selection_rows(truth: dict) -> list[dict]:
    """applicants and selection_rate (metrics12) for the nation and the units: four
    applicants per selected student; no applicants data for the first cohort year."""
    rows = []
    for (metric, year, group_type, code, _), row in list(truth.items()):
        if metric != "cohort_size" or year is None or group_type not in ("national", "province"):
            continue
        base = {"cohort_year": year, "group_type": group_type, "group_value": code, "horizon": None,
                "cohorts_pooled": 1, "ci_low": None, "ci_high": None}
        if year == YEARS[0]:
            rows.append({**base, "metric": "applicants", "numerator": None, "denominator": None, "value": None})
            rows.append({**base, "metric": "selection_rate", "numerator": None, "denominator": None, "value": None})
            continue
        selected = int(row["value"])
        applicants = selected * 4
        rows.append({**base, "metric": "applicants", "numerator": None, "denominator": None, "value": float(applicants)})
        rows.append({**_rate(base, "selection_rate", None, selected, applicants), "cohorts_pooled": 1})
    return rows


POOLED_THREE = (("topnotch_rate", tuple(range(1, 9))), ("qiangji_rate", (None,)), ("graduate_rate", (None,)))


def _pooled_three_rows(truth: dict) -> list[dict]:
    """The three-cohort rows (cohorts_pooled = 3) of the rare outcomes for the nation and
    the units: the sums over the last three cohorts at which the national figure is
    defined, cohort_year the latest of them."""
    rows = []
    for metric, horizons in POOLED_THREE:
        for horizon in horizons:
            defined = [y for y in YEARS if truth[(metric, y, "national", "all", horizon)]["value"] is not None]
            if len(defined) < 3:
                continue
            last = defined[-3:]
            for group_type, codes in (("national", ["all"]), ("province", list(PROVINCE_CODES))):
                for code in codes:
                    parts = [truth[(metric, y, group_type, code, horizon)] for y in last]
                    x = sum(p["numerator"] for p in parts)
                    n = sum(p["denominator"] for p in parts)
                    base = {"cohort_year": last[-1], "group_type": group_type, "group_value": code}
                    rows.append({**_rate(base, metric, horizon, x, n), "cohorts_pooled": 3})
    return rows


def _published_metric_rows(rows: list[dict]) -> list[dict]:
    published = []
    for row in rows:
        unit = row["group_type"] == "province"
        if row["metric"] == "applicants":
            small = unit and row["value"] is not None and row["value"] < K
            published.append(_published(row, False) | (
                {"value": None, "value_display": SMALL_LABEL, "suppressed": True} if small else
                {"value_display": None if row["value"] is None else str(int(row["value"]))}))
        else:
            hidden = unit and _rate_hidden(row["numerator"], row["denominator"])
            published.append(_published(row, hidden, hide_numerator=hidden))
    return published


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    """Rows into an existing table, by column name (one bulk insert)."""
    frame = pl.DataFrame(rows, infer_schema_length=None)
    con.register("fixture_rows", frame)
    try:
        # `table` is one of this module's fixed names.
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM fixture_rows")
    finally:
        con.unregister("fixture_rows")


def write_fixture(output: Path, with_reach: bool = True) -> Fixture:
    output.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20240601)
    true_rows = _rows(rng)
    truth = {_key(r): r for r in true_rows}
    warehouse = output / "warehouse.duckdb"
    write_warehouse(warehouse, true_rows)
    analytics = publish(warehouse, output, K, "fixture").path
    with duckdb.connect(str(analytics), read_only=True) as con:
        cursor = con.execute("SELECT * FROM public.metric_values")
        names = [d[0] for d in cursor.description]
        public = {_key(r): r for r in (dict(zip(names, v, strict=True)) for v in cursor.fetchall())}
    extra = [*_selection_rows(truth), *_pooled_three_rows(truth)]
    reach = _reach_truth(rng, truth)
    con = duckdb.connect(str(analytics))
    try:
        # The tables other helpers of issue 12 build, made here by hand in their shape.
        _insert(con, "marts.metric_values", extra)
        _insert(con, "public.metric_values", _published_metric_rows(extra))
        if with_reach:
            con.execute(f"CREATE OR REPLACE TABLE marts.annual_reach ({REACH_COLUMNS})")
            con.execute(f"CREATE OR REPLACE TABLE public.annual_reach ({REACH_COLUMNS}, {REACH_DISPLAY_COLUMNS})")
            _insert(con, "marts.annual_reach", reach)
            _insert(con, "public.annual_reach", _reach_published(reach, public))
    finally:
        con.close()
    with duckdb.connect(str(analytics), read_only=True) as con:  # with the rows added above
        cursor = con.execute("SELECT * FROM public.metric_values WHERE cohorts_pooled IS DISTINCT FROM 3")
        names = [d[0] for d in cursor.description]
        public = {_key(r): r for r in (dict(zip(names, v, strict=True)) for v in cursor.fetchall())}
    pooled = {(*_key(r), 3): r for r in extra if r["cohorts_pooled"] == 3}
    truth |= {_key(r): r for r in extra if r["cohorts_pooled"] == 1}
    return Fixture(analytics, warehouse, output, truth, public, pooled, reach if with_reach else [])


def write_warehouse(path: Path, metric_rows: list[dict]) -> None:
    """The hand-built warehouse: marts.metric_values, the core tables the public schema
    joins, and the audit tables of the data-quality page."""
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    try:
        for schema in ("audit", "quarantine", "staging", "core", "marts"):
            con.execute(f"CREATE SCHEMA {schema}")
        con.execute(f"CREATE TABLE marts.metric_values ({METRIC_COLUMNS})")
        _insert(con, "marts.metric_values", metric_rows)
        con.execute("UPDATE marts.metric_values SET cohorts_pooled = 1 WHERE cohort_year IS NOT NULL")
        _insert_new(con, "core.provinces", [{"province_code": p.code, "name": p.name} for p in PROVINCES])
        con.execute("CREATE TABLE staging.universities AS "
                    "SELECT '10001' AS university_code, '北京大学' AS name")
        con.execute(f"CREATE TABLE core.survey_responses AS SELECT sha256('r1') AS person_key, {H} AS survey_year")
        _write_audit_tables(con)
    finally:
        con.close()


def _insert_new(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    frame = pl.DataFrame(rows)
    con.register("fixture_rows", frame)
    try:
        # `table` is one of this module's fixed names.
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM fixture_rows")
    finally:
        con.unregister("fixture_rows")


def _write_audit_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The tables the data-quality page reads, with a handful of rows (person_keys are
    64 hex digits, as the publish step's scan requires)."""
    con.execute("CREATE OR REPLACE TEMP MACRO pk(k) AS sha256(k)")
    con.execute("""CREATE TABLE audit.file_ingest AS SELECT * FROM (VALUES
        ('2016/学员名单.csv', 'cohort', 2016, 'loaded', NULL, NULL, NULL, 120, 118, 2, 1),
        ('2016/考核.csv', 'assessment', 2016, 'loaded', NULL, NULL, NULL, 240, 236, 4, 0),
        ('2017/学员名单.csv', 'cohort', 2017, 'loaded', NULL, NULL, NULL, 130, 129, 1, 2),
        ('2017/培养记录_缺学时.csv', 'training', 2017, 'rejected', 'missing_column',
         '=HYPERLINK("x") header row 1 lacks required column(s) 学时 (hours)',
         '=HYPERLINK("x") 第 1 行表头缺少必需列 学时 (hours)', NULL, NULL, NULL, NULL),
        ('2017/说明.txt', NULL, 2017, 'rejected', 'unknown_source', 'the file name names no source',
         '文件名未指明数据类型', NULL, NULL, NULL, NULL),
        ('reference/universities.csv', 'universities', NULL, 'loaded', NULL, NULL, NULL, 58, 58, 0, 0)
        ) AS t(file_path, source, year, status, reason, message, message_zh, rows_read, rows_loaded, rows_rejected,
               rows_warned)""")
    con.execute("""CREATE TABLE quarantine.rejected_rows AS SELECT * FROM (VALUES
        ('2016/学员名单.csv', 5, 'cohort', 2016, 'invalid_national_id', NULL, pk('k1'), '{}'),
        ('2016/学员名单.csv', 9, 'cohort', 2016, 'unknown_province', NULL, pk('k2'), '{}'),
        ('2016/考核.csv', 3, 'assessment', 2016, 'unknown_student', 'national_id', pk('k3'), '{}'),
        ('2016/考核.csv', 4, 'assessment', 2016, 'duplicate_row', NULL, pk('k4'), '{}'),
        ('2016/考核.csv', 7, 'assessment', 2016, 'missing_value', 'result', pk('k5'), '{}'),
        ('2016/考核.csv', 8, 'assessment', 2016, 'missing_value', 'result', NULL, '{}'),
        ('2017/学员名单.csv', 4, 'cohort', 2017, 'invalid_value', 'grade', pk('k6'), '{}')
        ) AS t(file_path, row_number, source, year, reason, column_name, person_key, raw_values)""")
    con.execute("""CREATE TABLE staging.cohort AS SELECT * FROM (VALUES
        ('2016/学员名单.csv', 5, '540000'), ('2016/学员名单.csv', 9, NULL), ('2017/学员名单.csv', 4, '660000')
        ) AS t(file_path, row_number, province)""")
    con.execute("CREATE TABLE staging.applicants (file_path VARCHAR, row_number BIGINT, province VARCHAR)")
    con.execute("""CREATE TABLE core.persons AS SELECT * FROM (VALUES
        (pk('k4'), '110000'), (pk('k5'), '440000'), (pk('k6'), '660000')) AS t(person_key, province_code)""")
    con.execute("""CREATE TABLE audit.row_warnings AS SELECT * FROM (VALUES
        ('cohort', 2016, '2016/学员名单.csv', 11, pk('k7'), 'gender_mismatch', 'gender'),
        ('cohort', 2017, '2017/学员名单.csv', 12, pk('k8'), 'unknown_mentor', 'mentor_id'),
        ('cohort', 2017, '2017/学员名单.csv', 13, pk('k9'), 'unknown_mentor', 'mentor_id')
        ) AS t(source, year, file_path, row_number, person_key, reason, column_name)""")
    # Units of the rejected and warned rows above; files' rows by unit (adding up to
    # audit.file_ingest); 2016/考核.csv re-delivered once (version 2).
    con.execute("""CREATE TABLE audit.row_units AS SELECT * FROM (VALUES
        ('2016/学员名单.csv', 5, '540000', 'row'), ('2016/学员名单.csv', 9, NULL, NULL),
        ('2016/学员名单.csv', 11, '540000', 'row'),
        ('2016/考核.csv', 3, NULL, NULL), ('2016/考核.csv', 4, '110000', 'person'),
        ('2016/考核.csv', 7, '440000', 'person'), ('2016/考核.csv', 8, NULL, NULL),
        ('2017/学员名单.csv', 4, '660000', 'row'), ('2017/学员名单.csv', 12, '660000', 'row'),
        ('2017/学员名单.csv', 13, '660000', 'row')
        ) AS t(file_path, row_number, province_code, attributed_by)""")
    con.execute("""CREATE TABLE audit.file_units AS SELECT * FROM (VALUES
        (2016, '540000', '2016/学员名单.csv', 'cohort', 'loaded', NULL, 1, 60, 59, 1, 1),
        (2016, '110000', '2016/学员名单.csv', 'cohort', 'loaded', NULL, 1, 59, 59, 0, 0),
        (2016, NULL, '2016/学员名单.csv', 'cohort', 'loaded', NULL, 1, 1, 0, 1, 0),
        (2016, '110000', '2016/考核.csv', 'assessment', 'loaded', NULL, 2, 120, 119, 1, 0),
        (2016, '440000', '2016/考核.csv', 'assessment', 'loaded', NULL, 2, 118, 117, 1, 0),
        (2016, NULL, '2016/考核.csv', 'assessment', 'loaded', NULL, 2, 2, 0, 2, 0),
        (2017, '660000', '2017/学员名单.csv', 'cohort', 'loaded', NULL, 1, 130, 129, 1, 2),
        (2017, NULL, '2017/培养记录_缺学时.csv', 'training', 'rejected', 'missing_column', 1, NULL, NULL, NULL, NULL),
        (2017, NULL, '2017/说明.txt', NULL, 'rejected', 'unknown_source', 1, NULL, NULL, NULL, NULL),
        (NULL, NULL, 'reference/universities.csv', 'universities', 'loaded', NULL, 1, 58, 58, 0, 0)
        ) AS t(year, province_code, file_path, source, status, reason, version, rows_read, rows_loaded,
               rows_rejected, rows_warned)""")
    con.execute("""CREATE TABLE audit.redelivery_changes AS SELECT * FROM (VALUES
        (2016, '110000', '2016/考核.csv', 'assessment', 2, 1, 'duplicate_row', 0, 1, 0),
        (2016, '440000', '2016/考核.csv', 'assessment', 2, 1, 'missing_value', 3, 0, 1),
        (2016, '440000', '2016/考核.csv', 'assessment', 2, 1, 'invalid_value', 2, 0, 0),
        (2016, NULL, '2016/考核.csv', 'assessment', 2, 1, 'unknown_student', 0, 1, 0),
        (2016, NULL, '2016/考核.csv', 'assessment', 2, 1, 'missing_value', 0, 0, 1)
        ) AS t(year, province_code, file_path, source, version, previous_version, reason, resolved, still_open,
               new)""")
