"""The topnotch_roster source through the pipeline (issue 15, step 2): every accepted
roster row has exactly one linkage status, ID links are right, the model's links reach
precision ≥ 0.99 and recall ≥ 0.95 over the rows without a valid ID against the demo
manifest (metrics.md definitions), a reviewer's decisions apply on the next run, the
clerical-review workbook is written, and no roster name, birth date or school leaves the
restricted layer."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pytest

from pipelines.demo import GeneratorOptions, generate
from pipelines.linkage.evaluate import accuracy
from pipelines.paths import Paths
from pipelines.restricted import roster_links
from pipelines.runner import run_pipeline
from pipelines.summary import summary_lines

STATUSES = {"linked_id", "linked_model", "review", "unlinked"}
# The demo `make run` writes (yingcai demo-data's defaults, rosters included): the issue
# asks for the precision and recall "on the demo delivery".
OPTIONS = GeneratorOptions(rejected_files=True, with_rosters=True)


@pytest.fixture(scope="module")
def roster_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("roster_run")
    manifest = generate(root / "input", OPTIONS)
    paths = Paths(input_dir=str(root / "input"), output_dir=str(root / "output"))
    outcome = run_pipeline(paths)
    assert outcome.success, outcome.failure
    failed = {name for name, passed, _ in outcome.check_results() if not passed}
    # The delivery holds three files rejected whole: only every_file_loaded may say so;
    # the staging suite of topnotch_roster passes on the accepted roster rows.
    assert failed == {"audit/file_ingest:every_file_loaded"}, failed
    assert any(name.startswith("staging/topnotch_roster:") for name, _, _ in outcome.check_results())
    return paths, manifest


def _sql(paths: Paths, query: str) -> pl.DataFrame:
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        return con.execute(query).pl()


def _truth(paths: Paths, manifest) -> pl.DataFrame:
    """Each roster row's true person_key (through restricted.identities), null for an
    outsider, and whether its delivered ID is valid."""
    keys = _sql(paths, "SELECT national_id, person_key FROM restricted.identities")
    truth = pl.DataFrame(
        [(f"{r.file}#{r.row_number}", r.national_id if r.kind != "outsider" else None, r.id_form)
         for r in manifest.roster_rows],
        schema={"roster_row_id": pl.String, "national_id": pl.String, "id_form": pl.String},
        orient="row")
    return truth.join(keys, on="national_id", how="left").rename({"person_key": "true_person_key"})


def _links(paths: Paths) -> pl.DataFrame:
    return _sql(paths, "SELECT file_path || '#' || row_number AS roster_row_id, status, reason, "
                       "person_key AS linked_person_key, probability FROM restricted.roster_links")


def test_every_roster_row_is_read_and_every_accepted_row_has_one_status(roster_run):
    paths, manifest = roster_run
    raw = _sql(paths, "SELECT count(*) AS n FROM raw.topnotch_roster")["n"][0]
    assert raw == len(manifest.roster_rows) > 1000
    accepted = _sql(paths, "SELECT file_path, row_number FROM staging.topnotch_roster WHERE row_reason IS NULL")
    rejected = _sql(paths, "SELECT count(*) AS n FROM quarantine.rejected_rows WHERE source = 'topnotch_roster'")["n"][0]
    assert accepted.height + rejected == raw
    links = _sql(paths, "SELECT file_path, row_number, status FROM restricted.roster_links")
    assert links.height == accepted.height
    assert links.select("file_path", "row_number").is_duplicated().sum() == 0
    assert set(links["status"]) <= STATUSES
    assert links["status"].null_count() == 0


def test_a_valid_id_links_by_the_id_only(roster_run):
    paths, manifest = roster_run
    rows = _links(paths).join(_truth(paths, manifest), on="roster_row_id")
    valid = rows.filter(pl.col("id_form") == "valid")
    assert valid.height > 100
    assert set(valid["status"]) <= {"linked_id", "unlinked"}
    linked = valid.filter(pl.col("status") == "linked_id")
    assert (linked["linked_person_key"] == linked["true_person_key"]).all()
    not_found = valid.filter(pl.col("status") == "unlinked")
    assert set(not_found["reason"]) == {"id_not_found"}
    assert not_found["true_person_key"].null_count() == not_found.height
    assert set(rows.filter(pl.col("id_form") != "valid")["status"]) <= {"linked_model", "review", "unlinked"}


def test_model_links_reach_the_precision_and_recall_of_the_issue(roster_run):
    paths, manifest = roster_run
    truth = _truth(paths, manifest).filter(pl.col("id_form") != "valid")
    rows = _links(paths).join(truth.select("roster_row_id"), on="roster_row_id", how="semi")
    scored = accuracy(rows, truth)
    assert scored.linkable >= 30
    print(f"linkage on the demo: precision {scored.precision:.3f} ({scored.correct}/{scored.linked}), "
          f"recall {scored.recall:.3f} ({scored.correct}/{scored.linkable}), review {scored.review}")
    assert scored.precision >= 0.99
    assert scored.recall >= 0.95


def test_an_invalid_id_warns_and_is_linked_by_the_other_fields(roster_run):
    paths, manifest = roster_run
    mistyped = [f"{r.file}#{r.row_number}" for r in manifest.roster_rows
                if r.id_form == "mistyped"]
    warned = _sql(paths, "SELECT file_path || '#' || row_number AS id FROM audit.row_warnings "
                         "WHERE reason = 'roster_id_invalid'")["id"].to_list()
    assert sorted(warned) == sorted(mistyped) and mistyped
    assert not _sql(paths, "SELECT * FROM quarantine.rejected_rows WHERE source = 'topnotch_roster' "
                           "AND reason = 'invalid_national_id'").height


def test_staging_and_the_link_tables_hold_no_name_birth_date_or_school(roster_run):
    paths, _ = roster_run
    for table in ("staging.topnotch_roster", "restricted.roster_links", "restricted.roster_candidates"):
        schema, name = table.split(".")
        columns = set(_sql(paths, "SELECT column_name FROM duckdb_columns() "
                                  f"WHERE schema_name = '{schema}' AND table_name = '{name}'")["column_name"])
        assert columns and not columns & {"name", "national_id", "birth_date", "high_school", "school"}


def test_no_roster_name_birth_date_or_school_reaches_the_analytics_database(roster_run):
    paths, _ = roster_run
    raw = _sql(paths, "SELECT name, birth_date, high_school FROM raw.topnotch_roster")
    secrets = {v.strip() for c in raw.columns for v in raw[c].drop_nulls() if len(v.strip()) >= 2}
    # A school a programme person or applicant attended is in core as before (metrics.md):
    # only the schools no one but a roster names are the rosters' secret.
    secrets -= set(_sql(paths, "SELECT school FROM core.persons UNION SELECT school FROM core.applicants")["school"])
    assert len(secrets) > 500
    analytics = paths.output / "analytics.duckdb"
    leaks = []
    with duckdb.connect(str(analytics), read_only=True) as con:
        for schema, table, column in con.execute(
                "SELECT schema_name, table_name, column_name FROM duckdb_columns() "
                "WHERE NOT internal AND data_type = 'VARCHAR'").fetchall():
            values = {v for (v,) in con.execute(
                f'SELECT DISTINCT "{column}" FROM "{schema}"."{table}"').fetchall() if v}
            leaks += [(schema, table, column) for v in values if v.strip() in secrets]
    assert leaks == []


def test_no_roster_name_is_in_any_output_file_outside_restricted(roster_run):
    """Dashboards, reports, validation pages: no roster name (three characters or more,
    so that no two-character name matches inside ordinary text)."""
    paths, _ = roster_run
    names = {v.strip() for v in _sql(paths, "SELECT DISTINCT name FROM raw.topnotch_roster")["name"].drop_nulls()
             if len(v.strip()) >= 3 and not v.isascii()}
    assert len(names) > 300
    found = []
    for path in paths.output.rglob("*"):
        relative = path.relative_to(paths.output)
        if relative.parts[0] == "restricted" or not path.is_file() or path.suffix == ".duckdb":
            continue
        if path.suffix in (".html", ".csv", ".json", ".md", ".txt", ".js", ".svg"):
            text = path.read_text(encoding="utf-8", errors="ignore")
            found += [(str(relative), n) for n in names if n in text]
    assert found == []


def test_roster_file_names_use_both_keywords(roster_run):
    _, manifest = roster_run
    names = [f.path.split("/")[-1] for f in manifest.files if f.source == "topnotch_roster"]
    assert any("topnotch_roster" in n.casefold() for n in names)
    assert any("拔尖" in n for n in names)


def test_the_summary_counts_the_links_by_status(roster_run):
    paths, _ = roster_run
    lines = "\n".join(summary_lines(paths))
    counts = dict(_sql(paths, "SELECT status, count(*) FROM restricted.roster_links GROUP BY status").rows())
    assert "roster linkage" in lines
    for status, n in counts.items():
        assert f"{status} {n:,}" in lines


def test_the_review_workbook_and_a_reviewers_decisions(roster_run, tmp_path):
    paths, _ = roster_run
    folder = paths.output / "restricted" / "linkage"
    assert (folder / "README.md").is_file()
    sheet = openpyxl.load_workbook(folder / roster_links.REVIEW_WORKBOOK, read_only=True).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[:4] == ["file_path", "row_number", "person_key", "decision"]
    review = _sql(paths, "SELECT c.file_path, c.row_number, c.person_key FROM restricted.roster_candidates AS c "
                         "JOIN restricted.roster_links AS l USING (file_path, row_number) "
                         "WHERE l.status = 'review' ORDER BY c.file_path, c.row_number, c.probability DESC")
    if review.height == 0:
        pytest.skip("no row for review in this demo")
    first = review.row(0, named=True)
    # A reviewer says 是 to the first pair: on the next run (here: the linkage again on a
    # copy of the warehouse) the row is linked to that candidate.
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(paths.warehouse, warehouse)
    output = tmp_path / "output"
    decisions = output / "restricted" / "linkage" / roster_links.DECISIONS_FILE
    decisions.parent.mkdir(parents=True)
    pl.DataFrame({"file_path": [first["file_path"]], "row_number": [str(first["row_number"])],
                  "person_key": [first["person_key"]], "decision": ["是"]}).write_csv(decisions)
    with duckdb.connect(str(warehouse)) as con:
        roster_links.make(con, output)
        status = con.execute(
            "SELECT status, reason, person_key FROM restricted.roster_links WHERE file_path = ? AND row_number = ?",
            [first["file_path"], first["row_number"]]).fetchone()
    assert status == ("review", "reviewer_accepted", first["person_key"])


def test_the_threshold_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv(roster_links.THRESHOLD_VARIABLE, "0.9")
    assert roster_links.threshold_from_environment() == 0.9
    monkeypatch.delenv(roster_links.THRESHOLD_VARIABLE)
    assert roster_links.threshold_from_environment() == 0.95


def test_a_roster_row_is_not_checked_against_cohort_membership():
    from pipelines.registry.sources import TOPNOTCH_ROSTER

    assert not TOPNOTCH_ROSTER.checked_against_cohort
    assert not TOPNOTCH_ROSTER.invalid_id_rejects
