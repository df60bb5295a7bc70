"""Generating a whole demo delivery: reference tables, then year by year the files of
every source, with defects injected and recorded in the manifest."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from pipelines.contract.sources import REFERENCE_DIR, REFERENCE_FILES
from pipelines.demo.activities import assessments, destinies, followup, training
from pipelines.demo.defects import Injector, rejected_persons
from pipelines.demo.layout import Planner, assign_files
from pipelines.demo.manifest import Manifest
from pipelines.demo.options import GeneratorOptions
from pipelines.demo.people import applicant_rows, build_population, cohort_rows
from pipelines.demo.reference import build_reference, reference_rows
from pipelines.demo.rejected_files import write_rejected_files
from pipelines.demo.writers import write_file, write_reference
from pipelines.registry import sources as registry


def generate(out_dir: Path | str, options: GeneratorOptions = GeneratorOptions()) -> Manifest:
    """Write a demo input directory (the layout of contract.md) into `out_dir`, which
    must be empty or absent, and return its manifest. The same options give
    byte-identical files."""
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir} is not empty: the pipeline would read what is there too")
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(options.seed)
    manifest = Manifest(options=options.to_dict())
    reference = build_reference(rng)
    for table, rows in reference_rows(reference).items():
        manifest.files.append(write_reference(out_dir, f"{REFERENCE_DIR}/{REFERENCE_FILES[table]}", rows))

    population = build_population(rng, options, reference)
    planner = Planner(rng, options.csv_only)
    injector = Injector(rng, options.defect_rate)

    def deliver(rows: pl.DataFrame, source: str, year: int, protected: pl.Series | None = None):
        if rows.height == 0:  # e.g. no alumni to survey yet: no file at all
            return rows, []
        rows, plans = assign_files(rng, rows, source, year, planner)
        rows = injector.inject(rows, source, year, plans, protected)
        return rows, plans

    def write(rows: pl.DataFrame, plans) -> None:
        for index, plan in enumerate(plans):
            entry, defects = write_file(out_dir, plan, rows.filter(pl.col("_file") == index),
                                        rng, options.csv_only)
            manifest.files.append(entry)
            manifest.defects.extend(defects)

    # Cohorts first, all years: a student whose cohort row is rejected appears nowhere else.
    twice = population.cohort.filter(pl.col("repeat"))["person"]
    cohorts, rejected = {}, set()
    for year in options.year_list:
        rows = cohort_rows(rng, population, year, reference)
        cohorts[year] = deliver(rows, registry.COHORT.name, year, rows["_person"].is_in(twice.implode()))
        rejected |= rejected_persons(cohorts[year][0])
    accepted = population.cohort.filter(~pl.col("person").is_in(list(rejected))).join(
        population.persons.select("person", "national_id", "name", "province_code"),
        on="person", how="left", maintain_order="left")
    alumni = (accepted.sort("person", "year").group_by("person", maintain_order=True).first()
              .select("person", "national_id", "name", "province_code",
                      first_year="year", first_grade="grade", discipline="discipline"))
    fates = destinies(rng, alumni, reference)

    for year in options.year_list:
        write(*cohorts.pop(year))
        if options.with_applicants:
            write(*deliver(applicant_rows(rng, population, year), registry.APPLICANTS.name, year))
        members = accepted.filter(pl.col("year") == year)
        assessed, leave_day = assessments(rng, members, year)
        write(*deliver(training(rng, members, year, leave_day), registry.TRAINING.name, year))
        write(*deliver(assessed, registry.ASSESSMENT.name, year))
        write(*deliver(followup(rng, fates, year), registry.FOLLOWUP.name, year))
    if options.with_rosters:
        # A stream of its own, so that every other file is the same without rosters.
        from pipelines.demo.rosters import ROSTER_STREAM, write_rosters

        entries, truths = write_rosters(
            out_dir, np.random.default_rng([options.seed, ROSTER_STREAM]), population, fates,
            reference, options.year_list, options.with_applicants, options.csv_only)
        manifest.files.extend(entries)
        manifest.roster_rows.extend(truths)
    if options.rejected_files:
        manifest.rejected_files.extend(write_rejected_files(out_dir, options.year_list[-1]))
    return manifest
