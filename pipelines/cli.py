"""The `yingcai` command line: demo deliveries, and the whole pipeline in one process."""

from __future__ import annotations

import argparse
import gc
import json
import re
import sys
import time
from pathlib import Path

from pipelines.paths import DEFAULT_INPUT, DEFAULT_OUTPUT


def _year_range(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", text)
    if not match:
        raise argparse.ArgumentTypeError(f"expected YEAR or FIRST-LAST, got {text!r}")
    first = int(match[1])
    last = int(match[2] or first)
    if last < first:
        raise argparse.ArgumentTypeError(f"{text}: the last year comes before the first")
    return first, last


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yingcai", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo-data", help="write generated demo deliveries")
    demo.add_argument("--out", type=Path, required=True, help="the input directory to write")
    demo.add_argument("--seed", type=int, default=2024)
    demo.add_argument("--years", type=_year_range, default=(2013, 2025), help="e.g. 2013-2025")
    demo.add_argument("--students-per-year", type=int, default=300, help="average cohort size")
    demo.add_argument("--defect-rate", type=float, default=0.01, help="share of rows given a defect, per reason")
    demo.add_argument("--csv-only", action="store_true", help="fast mode: UTF-8 CSV only (benchmarks)")
    demo.add_argument(
        "--without-rejected-files", action="store_true",
        help="leave out the three files written to be rejected whole",
    )
    demo.add_argument(
        "--without-rosters", action="store_true",
        help="leave out the 拔尖计划 bases' rosters (topnotch_roster files, linked to the students by the pipeline)",
    )
    demo.add_argument("--manifest", type=Path, help="where to write the list of injected defects (JSON)")

    run = commands.add_parser("run", help="run the whole pipeline on an input directory")
    run.add_argument("--input", type=Path, default=Path(DEFAULT_INPUT))
    run.add_argument("--output", type=Path, default=Path(DEFAULT_OUTPUT))
    run.add_argument("--years", type=_year_range, help="only these delivery years (a back-fill)")
    run.add_argument(
        "--all-years", action="store_true",
        help="process every year, not only those whose files changed since the last completed run",
    )
    run.add_argument("--wait", action="store_true", help="wait for a run already writing the output")
    run.add_argument("--timings", type=Path, help="write the seconds of every step (JSON) to this file")
    report = commands.add_parser(
        "report", help="write the annual assessment of a year (or, with --unit, one unit's pack) from the published figures")
    report.add_argument("--year", type=int, required=True)
    report.add_argument("--unit", help="a reporting unit's six-digit code (e.g. 440000): rewrite only its unit pack")
    report.add_argument("--output", type=Path, default=Path(DEFAULT_OUTPUT))
    report.add_argument("--wait", action="store_true", help="wait for a run writing the output")
    return parser


def _report(args) -> int:
    from pipelines.paths import Paths

    paths = Paths(input_dir=DEFAULT_INPUT, output_dir=str(args.output), wait_for_writer=args.wait)
    if args.unit is not None:
        return unit_pack_command(paths, args.year, args.unit)
    return report_command(paths, args.year)


def report_command(paths, year: int) -> int:
    """`yingcai report --year Y`: write both editions of the annual assessment of Y —
    <output>/reports/assessment_<Y>.{html,xlsx} (internal) and
    <output>/reports/public/assessment_<Y>.{html,xlsx} (published) — from
    <output>/analytics.duckdb, without running the pipeline; print where they are. Holds
    the output directory's writer lock while writing (a running pipeline may be replacing
    analytics.duckdb). Problems a user can fix raise UserError."""
    from dashboards.public import PublicFiguresMissing
    from dashboards.reports.build import NoSuchCohort, load_editions, write_assessments
    from pipelines.locking import WriterBusy, writer_lock
    from pipelines.preflight import UserError

    try:
        with writer_lock(paths.output, paths.wait_for_writer):
            assessments = write_assessments(load_editions(paths.output), paths.output, year)
    except WriterBusy as busy:
        raise UserError(str(busy)) from None
    except (PublicFiguresMissing, NoSuchCohort) as error:
        raise UserError(str(error)) from None
    print(f"yingcai report: annual assessment {year}")
    for assessment in assessments:
        print(f"  {assessment.edition:<10} report    {assessment.html}")
        print(f"  {assessment.edition:<10} workbook  {assessment.workbook}")
    return 0


def unit_pack_command(paths, year: int, unit: str) -> int:
    """`yingcai report --year Y --unit CODE`: rewrite the unit pack of one reporting unit
    for any cohort year Y — <output>/reports/units/<Y>/<code>_<short name>.{html,xlsx} —
    from <output>/analytics.duckdb, under the output directory's writer lock (the pipeline
    run writes the packs of the last delivery year only). Problems a user can fix raise
    UserError."""
    from dashboards.public import PublicFiguresMissing
    from dashboards.reports.build import NoSuchCohort
    from dashboards.reports.units.build import NoSuchUnit, write_unit_packs
    from pipelines.locking import WriterBusy, writer_lock
    from pipelines.preflight import UserError

    try:
        with writer_lock(paths.output, paths.wait_for_writer):
            (pack,) = write_unit_packs(paths.output, year, [unit])
    except WriterBusy as busy:
        raise UserError(str(busy)) from None
    except (PublicFiguresMissing, NoSuchCohort, NoSuchUnit) as error:
        raise UserError(str(error)) from None
    print(f"yingcai report: unit pack {year} of {unit}")
    print(f"  report    {pack.html}")
    print(f"  workbook  {pack.workbook}")
    return 0


def _demo_data(args) -> int:
    from pipelines.demo import GeneratorOptions, generate

    if args.out.exists() and any(args.out.iterdir()):
        raise _Fail(f"{args.out} is not empty: demo deliveries go into an empty directory")
    options = GeneratorOptions(
        seed=args.seed,
        years=args.years,
        students_per_year=args.students_per_year,
        csv_only=args.csv_only,
        defect_rate=args.defect_rate,
        rejected_files=not args.without_rejected_files,
        with_rosters=not args.without_rosters,
    )
    started = time.perf_counter()
    manifest = generate(args.out, options)
    if args.manifest:
        manifest.write_json(args.manifest)
    print(
        f"wrote {len(manifest.files)} demo files for {args.years[0]}–{args.years[1]} "
        f"into {args.out} in {time.perf_counter() - started:.1f} s"
    )
    return 0


def _run(args) -> int:
    from pipelines.locking import WriterBusy, writer_lock
    from pipelines.paths import Paths

    paths = Paths(input_dir=str(args.input), output_dir=str(args.output), wait_for_writer=args.wait)
    try:
        with writer_lock(paths.output, args.wait):  # the whole command, not just the run
            return _run_holding_the_lock(args, paths)
    except WriterBusy as busy:
        raise _Fail(str(busy)) from None


def _run_holding_the_lock(args, paths) -> int:
    from pipelines.deliveries_state import fingerprints_of, scan
    from pipelines.raw.completed_input_state import completed_state_at, years_needing_a_run
    from pipelines.preflight import years_to_run
    from pipelines.summary import summary_lines

    all_years = years_to_run(paths)
    if args.years:
        years = [y for y in all_years if args.years[0] <= y <= args.years[1]]
        if not years:
            raise _Fail(f"no year folders of {args.years[0]}–{args.years[1]} in {args.input}")
    elif args.all_years:
        years = all_years
    else:
        current = fingerprints_of(scan(paths.input, {}))
        years = years_needing_a_run(completed_state_at(paths.warehouse), current, all_years)
        if not years:
            print("yingcai run: no delivery changed since the last completed run; nothing to do "
                  "(--all-years processes every year again)")
            for line in summary_lines(paths):
                print(line)
            return 0
    gc.freeze()  # what the imports made lives as long as the command: not for the collector
    started = time.perf_counter()
    from pipelines.runner import run_pipeline

    outcome = run_pipeline(paths, years)  # its last asset records the completed input state
    elapsed = time.perf_counter() - started
    if args.timings:
        from pipelines.timings import step_timings

        args.timings.write_text(json.dumps(step_timings(outcome.result), indent=1), encoding="utf-8")
    trace = paths.output / FAILURE_TRACE
    if not outcome.success:
        from pipelines.runner import failure_trace

        trace.parent.mkdir(parents=True, exist_ok=True)
        trace.write_text(failure_trace(outcome.result), encoding="utf-8")
        print(f"yingcai run: failed: {outcome.failure} (the trace: {trace})", file=sys.stderr)
        return 1
    trace.unlink(missing_ok=True)  # an earlier failure's, no longer true
    print(f"yingcai run: {len(years)} years ({years[0]}–{years[-1]}) in {elapsed:.1f} s")
    for line in summary_lines(paths, outcome.check_results()):
        print(line)
    return 0


# Where a failed run's stack traces go (the terminal gets one line): with the restricted
# outputs, as an error may quote a delivered value.
FAILURE_TRACE = Path("restricted") / "last_failure.txt"


class _Fail(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    """The `yingcai` command (the console script: the process ends when it returns)."""
    args = _parser().parse_args(argv)
    from pipelines.preflight import UserError
    from pipelines.warehouse import WarehouseBusy

    try:
        return {"demo-data": _demo_data, "run": _run, "report": _report}[args.command](args)
    except (_Fail, UserError, WarehouseBusy) as error:
        print(f"yingcai {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"yingcai {args.command}: interrupted", file=sys.stderr)
        return 130
    finally:
        # Every output is closed by now. At exit the interpreter's collector would walk
        # every object Dagster, GX and pandas made once more (1 s after a demo run);
        # frozen, they are left to the operating system.
        gc.freeze()


if __name__ == "__main__":
    sys.exit(main())
