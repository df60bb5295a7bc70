"""The linkage of roster rows without a valid ID (issue 15; metrics.md, "Top-Notch from
the bases' rosters"): statuses on a hand-built roster, the expected count, determinism,
reviewers' decisions, and precision and recall on the demo generator's rosters against
its manifest."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from pipelines.linkage import LINKED_MODEL, REVIEW, UNLINKED, decide, link
from pipelines.linkage.evaluate import accuracy
from pipelines.linkage.normalise import name_forms, school_form
from linkage_demo import demo_linkage_frames

D = dt.date

# Candidates: programme persons and applicants. 王伟 and 王玮 are two candidates alike
# (same birth date, school, province, gender; their names sound the same).
CANDIDATES = pl.DataFrame(
    [
        ("p1", "张伟明", D(2001, 3, 12), "男", "北京市第四中学", "110000", "person"),
        ("p2", "李思睿", D(2002, 7, 1), "女", "华南师范大学附属中学", "440000", "person"),
        ("p3", "欧阳明", D(2001, 11, 30), "男", "上海中学", "310000", "applicant"),
        ("p4", "王伟", D(2001, 5, 5), "男", "成都市第七中学", "510000", "person"),
        ("p5", "王玮", D(2001, 5, 5), "男", "成都市第七中学", "510000", "applicant"),
        ("p6", "陈静", D(2000, 1, 20), "女", "杭州第二中学", "330000", "person"),
    ],
    schema=["person_key", "name", "birth_date", "gender", "school", "province_code", "kind"],
    orient="row",
)
# Roster rows without a valid ID: three variants of candidates, the ambiguous one, and
# a student from outside the programme.
ROSTER = pl.DataFrame(
    [
        ("r1", "張偉明", D(2001, 3, 12), "男", "北京四中", "110000"),  # traditional, 四中
        ("r2", "Li Sirui", D(2002, 7, 1), "女", "华南师范大学附中", "440000"),  # pinyin, 附中
        ("r3", "欧阳 明", D(2001, 11, 30), "男", "上海中学", "310000"),  # space
        ("r4", "Wang Wei", D(2001, 5, 5), "男", "成都七中", "510000"),  # which of p4, p5?
        ("r5", "赵子轩", D(2001, 8, 8), "男", "南京外国语学校", "320000"),  # outsider
    ],
    schema=["roster_row_id", "name", "birth_date", "gender", "high_school", "province_code"],
    orient="row",
).with_columns(entry_year=pl.lit(2020), university=pl.lit("北京大学"), discipline=pl.lit("数学"))


def _pairs(rows: list[tuple[str, str, float]]) -> pl.DataFrame:
    """Scored pairs as the model gives them (the levels left out)."""
    kinds = dict(zip(CANDIDATES["person_key"], CANDIDATES["kind"]))
    return pl.DataFrame(
        [(r, p, kinds[p], prob) for r, p, prob in rows],
        schema=["roster_row_id", "person_key", "kind", "match_probability"], orient="row")


# The statuses from given probabilities: the rule of metrics.md, without a model.
SCORED = _pairs([
    ("r1", "p1", 0.999), ("r1", "p6", 0.01),
    ("r2", "p2", 0.97),
    ("r3", "p3", 0.80),  # below the threshold: review
    ("r4", "p4", 0.96), ("r4", "p5", 0.96),  # two at the threshold: review
    ("r5", "p6", 0.20),  # nothing at 0.5: unlinked
])


def _status(result, row: str) -> tuple:
    found = result.rows.filter(pl.col("roster_row_id") == row)
    return found.select("status", "reason", "linked_person_key").row(0)


def test_statuses_follow_the_threshold_rule():
    result = decide(ROSTER["roster_row_id"], SCORED, threshold=0.95)
    assert _status(result, "r1") == (LINKED_MODEL, None, "p1")
    assert _status(result, "r2") == (LINKED_MODEL, None, "p2")
    assert _status(result, "r3") == (REVIEW, "below_threshold", None)
    assert _status(result, "r4") == (REVIEW, "ambiguous", None)
    assert _status(result, "r5") == (UNLINKED, "no_candidate", None)


def test_the_threshold_is_a_parameter():
    result = decide(ROSTER["roster_row_id"], SCORED, threshold=0.75)
    assert _status(result, "r3") == (LINKED_MODEL, None, "p3")


def test_every_roster_row_has_exactly_one_status():
    result = decide(ROSTER["roster_row_id"], SCORED, threshold=0.95)
    assert sorted(result.rows["roster_row_id"]) == sorted(ROSTER["roster_row_id"])
    assert result.rows["status"].is_in([LINKED_MODEL, REVIEW, UNLINKED]).all()


def test_expected_count_is_the_sum_of_probabilities_at_or_above_one_half():
    result = decide(ROSTER["roster_row_id"], SCORED, threshold=0.95)
    assert result.expected_count() == pytest.approx(0.999 + 0.97 + 0.80 + 0.96 + 0.96)
    assert result.candidates.height == 5


def test_a_reviewers_yes_links_the_row_and_counts_one():
    decisions = pl.DataFrame({"roster_row_id": ["r4", "r3"], "person_key": ["p5", "p3"],
                              "decision": ["是", "否"]})
    result = decide(ROSTER["roster_row_id"], SCORED, threshold=0.95, decisions=decisions)
    assert _status(result, "r4") == (REVIEW, "reviewer_accepted", "p5")
    assert _status(result, "r3") == (UNLINKED, "reviewer_rejected", None)
    # r4: the 是 counts 1 and its other candidate 0; r3's 否 counts 0.
    assert result.expected_count() == pytest.approx(0.999 + 0.97 + 1.0)


def test_a_decision_on_a_pair_that_is_no_longer_a_candidate_is_stale():
    decisions = pl.DataFrame({"roster_row_id": ["r1"], "person_key": ["p6"], "decision": ["Y"]})
    result = decide(ROSTER["roster_row_id"], SCORED, threshold=0.95, decisions=decisions)
    assert result.stale_decisions.rows() == [("r1", "p6", "是")]
    assert _status(result, "r1") == (LINKED_MODEL, None, "p1")


def test_names_and_schools_compare_in_normalised_forms():
    assert name_forms("張偉明")[:2] == name_forms("张伟明")[:2] == ("张伟明", "weiming zhang")
    assert name_forms("Weiming Zhang")[1] == name_forms("ZHANG Weiming")[1] == "weiming zhang"
    assert name_forms("欧阳 明")[2] == "欧阳"
    assert school_form("北京市第四中学") == school_form("北京四中")
    assert school_form("華南師範大學附屬中學") == school_form("华南师范大学附中")


@pytest.fixture(scope="module")
def hand_built():
    """The model on the hand-built roster; the other rows (imagined with a valid ID)
    train it too, so that EM has some data."""
    return link(ROSTER, CANDIDATES)


def test_model_links_the_variants_and_leaves_the_outsider(hand_built):
    rows = hand_built.rows
    by_row = dict(zip(rows["roster_row_id"], rows["best_person_key"]))
    assert _status(hand_built, "r5")[0] == UNLINKED
    for row, person in (("r1", "p1"), ("r2", "p2"), ("r3", "p3")):
        assert by_row[row] == person
        assert _status(hand_built, row)[0] in (LINKED_MODEL, REVIEW)


def test_model_never_links_the_ambiguous_row(hand_built):
    status, _, linked = _status(hand_built, "r4")
    assert status == REVIEW and linked is None
    candidates = hand_built.candidates.filter(pl.col("roster_row_id") == "r4")
    assert sorted(candidates["person_key"]) == ["p4", "p5"]


def test_model_expected_count_is_the_sum_of_its_probabilities(hand_built):
    at_half = hand_built.candidates["match_probability"]
    assert (at_half >= 0.5).all()
    assert hand_built.expected_count() == pytest.approx(float(at_half.sum()))
    assert hand_built.rows["expected"].sum() == pytest.approx(float(at_half.sum()))


def test_same_input_gives_the_same_probabilities(hand_built):
    again = link(ROSTER, CANDIDATES)
    assert again.rows.equals(hand_built.rows)
    assert again.candidates.equals(hand_built.candidates)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("roster_demo") / "input"
    roster, candidates, truth, with_id = demo_linkage_frames(root)
    return roster, candidates, truth, with_id, link(roster, candidates, training_rows=with_id)


def test_demo_rosters_link_with_precision_and_recall(demo):
    roster, _, truth, _, result = demo
    assert truth.height == roster.height > 40
    scored = accuracy(result.rows, truth)
    assert scored.linkable >= 15
    assert scored.precision >= 0.99
    assert scored.recall >= 0.95


def test_demo_rows_are_all_accounted_for(demo):
    roster, _, _, _, result = demo
    assert result.rows.height == roster.height
    counts = result.rows.group_by("status").len()
    assert set(counts["status"]) <= {LINKED_MODEL, REVIEW, UNLINKED}
    assert result.rows.filter(pl.col("status") == UNLINKED)["reason"].is_not_null().all()


def test_demo_linkage_is_deterministic(demo):
    roster, candidates, _, with_id, result = demo
    again = link(roster, candidates, training_rows=with_id)
    assert again.candidates["match_probability"].equals(result.candidates["match_probability"])
    assert again.rows.equals(result.rows)
