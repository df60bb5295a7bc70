"""The linkage's inputs read straight from a fast-mode demo delivery (UTF-8 CSV with
canonical headers and values), without the pipeline: roster rows without a valid ID,
candidates (cohort persons and non-selected applicants, keyed by their national ID),
and the truth of each roster row from the manifest. Until the roster source is
registered and ingested, this stands in for the restricted tables the pipeline will
hand the linkage."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.contract import national_id
from pipelines.contract.provinces import PROVINCES
from pipelines.demo import GeneratorOptions, Manifest, generate

PROVINCE_CODE = {p.name: p.code for p in PROVINCES}


def demo_options(seed: int = 7, years: tuple[int, int] = (2013, 2020), students: int = 60
                 ) -> GeneratorOptions:
    return GeneratorOptions(seed=seed, years=years, students_per_year=students, csv_only=True,
                            defect_rate=0.0, with_rosters=True)


def generate_demo(root: Path, options: GeneratorOptions) -> Manifest:
    return generate(root, options)


def _read(root: Path, manifest: Manifest, source: str) -> pl.DataFrame:
    frames = []
    for entry in manifest.files:
        if entry.source == source:
            frame = pl.read_csv(root / entry.path, infer_schema=False)
            frames.append(frame.with_columns(
                file=pl.lit(entry.path),
                row_number=pl.int_range(entry.header_row + 1, entry.header_row + 1 + frame.height)))
    return pl.concat(frames, how="diagonal")


def _id_facts(ids: pl.Series) -> pl.DataFrame:
    normal = [national_id.normalise(i) for i in ids.to_list()]
    return pl.DataFrame({
        "birth_date": [national_id.birth_date(i) for i in normal],
        "gender": [national_id.sex(i) for i in normal],
    }, schema={"birth_date": pl.Date, "gender": pl.String})


def candidates_of(root: Path, manifest: Manifest) -> pl.DataFrame:
    """Cohort persons (their earliest row) and applicants never selected (their latest)."""
    cohort = _read(root, manifest, "cohort").group_by("身份证号", maintain_order=True).first()
    applicants = _read(root, manifest, "applicants")
    applicants = applicants.filter(~pl.col("身份证号").is_in(cohort["身份证号"].implode())
                                   ).group_by("身份证号", maintain_order=True).last()
    frames = []
    for rows, kind in ((cohort, "person"), (applicants, "applicant")):
        frames.append(pl.concat([rows.select(
            person_key="身份证号", name="姓名", school="中学",
            province_code=pl.col("省份").replace_strict(PROVINCE_CODE), kind=pl.lit(kind)),
            _id_facts(rows["身份证号"])], how="horizontal"))
    return pl.concat(frames).select("person_key", "name", "birth_date", "gender", "school",
                                    "province_code", "kind")


def roster_of(root: Path, manifest: Manifest) -> pl.DataFrame:
    """Every roster row as the linkage takes it, with `valid_id` (the normalised ID
    when it passes the check, else null)."""
    rows = _read(root, manifest, "topnotch_roster")
    ids = [national_id.normalise(i) for i in rows["身份证号"].to_list()]
    return rows.select(
        roster_row_id=pl.col("file") + "#" + pl.col("row_number").cast(pl.String),
        valid_id=pl.Series([i if national_id.is_valid(i) else None for i in ids], dtype=pl.String),
        name="姓名", birth_date=pl.col("出生日期").str.to_date(), gender="性别",
        high_school="毕业中学",
        province_code=pl.col("生源省份").replace_strict(PROVINCE_CODE, default=None),
        entry_year=pl.col("入选年份").cast(pl.Int64), university="基地高校", discipline="基地学科",
    )


def truth_of(manifest: Manifest) -> pl.DataFrame:
    return pl.DataFrame(
        [(f"{r.file}#{r.row_number}", r.national_id if r.kind != "outsider" else None, r.kind,
          r.id_form) for r in manifest.roster_rows],
        schema={"roster_row_id": pl.String, "true_person_key": pl.String, "kind": pl.String,
                "id_form": pl.String}, orient="row")


def demo_linkage_frames(root: Path, seed: int = 7
                        ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Generate the demo into `root` (if empty) and return roster rows without a valid
    ID, candidates, the truth of those rows, and the roster rows with a valid ID (for
    training)."""
    manifest_path = root.with_suffix(".manifest.json")
    if not root.exists() or not any(root.iterdir()):
        manifest = generate_demo(root, demo_options(seed))
        manifest.write_json(manifest_path)
    else:
        manifest = Manifest.read_json(manifest_path)
    roster = roster_of(root, manifest)
    without_id = roster.filter(pl.col("valid_id").is_null()).drop("valid_id")
    truth = truth_of(manifest).filter(pl.col("roster_row_id").is_in(without_id["roster_row_id"].implode()))
    candidates = candidates_of(root, manifest)
    # A valid ID links its row by the ID (linked_id): the known matches of training.
    with_id = roster.filter(pl.col("valid_id").is_not_null()).with_columns(
        person_key=pl.when(pl.col("valid_id").is_in(candidates["person_key"].implode()))
        .then(pl.col("valid_id"))).drop("valid_id")
    return without_id, candidates, truth, with_id
