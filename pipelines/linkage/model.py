"""The Fellegi–Sunter model that links roster rows without a valid ID to candidates
(programme persons and applicants), declared as data and trained and run by Splink on
DuckDB.

Comparisons (each level in order; the first that holds is the pair's level):

- name: both absent · same characters (term-frequency adjusted: 王伟 agrees more often
  by chance than 欧阳思睿) · same pinyin (a name in pinyin or with a homophone) · one
  character dropped · pinyin Jaro–Winkler ≥ 0.9 · else;
- birth date: absent · equal · one digit different · within 31 days · within a year · else;
- gender: absent · equal · else;
- school: absent · equal after normalisation · one contains the other (a province in
  front) · Jaro–Winkler ≥ 0.88 · else;
- province: absent · equal · else.

Blocking (pairs scored): same birth date; same province and surname (in pinyin); same
school and birth year; same name in pinyin. At national scale (15,000 roster rows a
year, 40 % without a valid ID, against 275,000 persons and applicants) this scores a few
million pairs instead of 1.6 billion.

Training, seeded and on all rows: λ (the probability that two random records match)
from deterministic rules at an assumed recall, u by random sampling of pairs, m by
expectation maximisation on two blocking rules (same birth date; same name in pinyin),
each estimating the comparisons it does not block on.

Splink is imported here only, on first use: it costs start-up time the pipeline's other
commands need not pay.
"""

from __future__ import annotations

import logging

import polars as pl

log = logging.getLogger(__name__)

UNIQUE_ID = "unique_id"
# The columns both sides present to Splink (after normalise.py).
MODEL_COLUMNS = ("name_hanzi", "name_pinyin", "surname", "surname_pinyin", "birth_date",
                 "birth_year", "gender", "school_norm", "province_code")


def _null(column: str) -> dict:
    return {"sql_condition": f"{column}_l IS NULL OR {column}_r IS NULL",
            "label_for_charts": f"{column} absent", "is_null_level": True}


def _level(sql: str, label: str, m_prior: float, **extra) -> dict:
    """A level; `m_prior` (the share of true matches at this level) is where EM starts,
    and what stays where EM cannot estimate (see score_pairs)."""
    return {"sql_condition": sql, "label_for_charts": label, "m_probability": m_prior, **extra}


def _else(m_prior: float) -> dict:
    return {"sql_condition": "ELSE", "label_for_charts": "all other", "m_probability": m_prior}

# The comparisons as data: output column → description and levels. The labels name the
# level in the clerical-review workbook ("the fields that agree").
COMPARISONS: dict[str, dict] = {
    "name": {
        "comparison_description": "name",
        "comparison_levels": [
            {"sql_condition": "(name_hanzi_l IS NULL OR name_hanzi_r IS NULL) AND "
                              "(name_pinyin_l IS NULL OR name_pinyin_r IS NULL)",
             "label_for_charts": "name absent", "is_null_level": True},
            _level("name_hanzi_l = name_hanzi_r", "same name", 0.80,
                   tf_adjustment_column="name_hanzi", tf_adjustment_weight=1.0),
            _level("name_pinyin_l = name_pinyin_r", "same name in pinyin", 0.08),
            _level("abs(length(name_hanzi_l) - length(name_hanzi_r)) = 1 AND "
                   "levenshtein(name_hanzi_l, name_hanzi_r) = 1", "name with a character dropped", 0.04),
            _level("jaro_winkler_similarity(name_pinyin_l, name_pinyin_r) >= 0.9",
                   "name close in pinyin", 0.04),
            _else(0.04),
        ],
    },
    "birth_date": {
        "comparison_description": "birth date",
        "comparison_levels": [
            _null("birth_date"),
            _level("birth_date_l = birth_date_r", "same birth date", 0.90),
            _level("levenshtein(strftime(birth_date_l, '%Y%m%d'), strftime(birth_date_r, '%Y%m%d')) = 1",
                   "birth date one digit off", 0.04),
            _level("abs(date_diff('day', birth_date_l, birth_date_r)) <= 31",
                   "birth date within a month", 0.02),
            _level("abs(date_diff('day', birth_date_l, birth_date_r)) <= 366",
                   "birth date within a year", 0.02),
            _else(0.02),
        ],
    },
    "gender": {
        "comparison_description": "gender",
        "comparison_levels": [_null("gender"), _level("gender_l = gender_r", "same gender", 0.98),
                              _else(0.02)],
    },
    "school": {
        "comparison_description": "high school",
        "comparison_levels": [
            _null("school_norm"),
            _level("school_norm_l = school_norm_r", "same school", 0.60),
            _level("length(school_norm_l) >= 3 AND length(school_norm_r) >= 3 AND "
                   "(contains(school_norm_l, school_norm_r) OR contains(school_norm_r, school_norm_l))",
                   "school name contained", 0.15),
            _level("jaro_winkler_similarity(school_norm_l, school_norm_r) >= 0.88", "school close", 0.15),
            _else(0.10),
        ],
    },
    "province": {
        "comparison_description": "province",
        "comparison_levels": [_null("province_code"),
                              _level("province_code_l = province_code_r", "same province", 0.97),
                              _else(0.03)],
    },
}

# Pairs scored: a roster row and a candidate sharing one of these.
BLOCKING_RULES: tuple[tuple[str, ...], ...] = (
    ("birth_date",),
    ("province_code", "surname_pinyin"),
    ("school_norm", "birth_year"),
    ("name_pinyin",),
)
# m by expectation maximisation, one session per rule.
TRAINING_BLOCKING_RULES: tuple[tuple[str, ...], ...] = (("birth_date",), ("name_pinyin",))
# λ: pairs these rules accept are taken as matches, found with this recall.
DETERMINISTIC_RULES = (
    "l.name_pinyin = r.name_pinyin AND l.birth_date = r.birth_date",
    "l.name_hanzi = r.name_hanzi AND l.school_norm = r.school_norm AND l.birth_year = r.birth_year",
)
DETERMINISTIC_RECALL = 0.8
U_MAX_PAIRS = 2e6
# Known matches (roster rows linked by a valid ID) needed to estimate m from them rather
# than by EM: EM takes any cluster of look-alikes for the matches (at national scale,
# students of one big school born on one day), the ID links are the matches themselves.
MIN_LABELS = 30


def settings():
    """The Splink settings (link_only: roster rows against candidates, never within one)."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name=UNIQUE_ID,
        comparisons=[cl.CustomComparison(output_column_name=name, **spec)
                     for name, spec in COMPARISONS.items()],
        blocking_rules_to_generate_predictions=[block_on(*rule) for rule in BLOCKING_RULES],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=True,  # brings the gamma levels, for the reviewers' "fields that agree"
    )


def score_pairs(roster: pl.DataFrame, candidates: pl.DataFrame, seed: int,
                training_rows: pl.DataFrame | None = None,
                labels: pl.DataFrame | None = None,
                min_probability: float = 0.001) -> pl.DataFrame:
    """Train the model and score every blocked pair of `roster` and `candidates`:
    unique_id_l (roster row), unique_id_r (candidate), match_probability, match_weight
    and the comparison level of each field (gamma_name, gamma_birth_date, ...).

    The model is trained on `roster` and `training_rows` together (roster rows that
    are linked by their valid ID, given here for training only: they are never scored),
    so that the estimates rest on every roster row. `labels` (UNIQUE_ID of a training
    row, person_key of the candidate its valid ID names): where there are MIN_LABELS of
    them, m is estimated from these known matches instead of by EM. All frames carry
    UNIQUE_ID and MODEL_COLUMNS. The same input and seed give the same probabilities."""
    import duckdb
    from splink import DuckDBAPI, Linker, block_on

    if roster.height == 0 or candidates.height == 0:
        return _empty_pairs()
    columns = [UNIQUE_ID, *MODEL_COLUMNS]
    training = roster.select(columns)
    if training_rows is not None and training_rows.height:
        training = pl.concat([training, training_rows.select(columns)])
    connection = duckdb.connect()
    # One thread: the EM sums then add up in one order, so the same input gives the
    # same probabilities to the last bit.
    connection.execute("SET threads = 1")
    try:
        api = DuckDBAPI(connection=connection)
        people = api.register(candidates.select(columns).to_arrow(), table_name="candidates")
        inputs = [api.register(training.to_arrow(), table_name="roster_training"), people]
        trainer = Linker(inputs, settings(), log_level=logging.ERROR)
        trainer.training.estimate_probability_two_random_records_match(
            list(DETERMINISTIC_RULES), recall=DETERMINISTIC_RECALL)
        trainer.training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=seed)
        if labels is not None and labels.height >= MIN_LABELS:
            pairs = labels.select(
                source_dataset_l=pl.lit("roster_training"), unique_id_l=pl.col(UNIQUE_ID),
                source_dataset_r=pl.lit("candidates"), unique_id_r=pl.col("person_key"))
            trainer.training.estimate_m_from_pairwise_labels(
                api.register(pairs.to_arrow(), table_name="id_links"))
        for rule in (TRAINING_BLOCKING_RULES if labels is None or labels.height < MIN_LABELS else ()):
            before = trainer.misc.save_model_to_json()
            try:
                trainer.training.estimate_parameters_using_expectation_maximisation(
                    block_on(*rule), estimate_without_term_frequencies=True)
            except ValueError as error:
                # On a small delivery EM can drive a level's m to 0, which Splink refuses;
                # the session then counts for nothing: the model as before it (the
                # declared priors where no other session estimated them).
                if "below the minimum allowed" not in str(error):
                    raise
                log.warning("EM blocked on %s left the model as it was: %s", rule, error)
                trainer = Linker(inputs, before, log_level=logging.ERROR)
        model = trainer.misc.save_model_to_json()
        rows = api.register(roster.select(columns).to_arrow(), table_name="roster_rows")
        scorer = Linker([rows, people], model, log_level=logging.ERROR)
        predictions = scorer.inference.predict(threshold_match_probability=min_probability)
        gammas = [f"gamma_{name}" for name in COMPARISONS]
        frame = pl.from_arrow(predictions.as_duckdbpyrelation().select(
            ", ".join(["source_dataset_l", "unique_id_l", "unique_id_r", "match_probability",
                       "match_weight", *gammas])).arrow())
    finally:
        connection.close()
    # Splink puts the first input on the left; keep that orientation explicit.
    if frame.height and frame["source_dataset_l"][0] != "roster_rows":
        frame = frame.rename({"unique_id_l": "unique_id_r", "unique_id_r": "unique_id_l"})
    return frame.drop("source_dataset_l").sort("unique_id_l", "unique_id_r")


def level_labels() -> dict[str, dict[int, str]]:
    """For each comparison, gamma value → label (Splink numbers levels from the last,
    0 for "all other", −1 for absent)."""
    labels = {}
    for name, spec in COMPARISONS.items():
        levels = spec["comparison_levels"]
        non_null = [lv for lv in levels if not lv.get("is_null_level")]
        table = {len(non_null) - 1 - i: lv["label_for_charts"] for i, lv in enumerate(non_null)}
        table[-1] = next(lv["label_for_charts"] for lv in levels if lv.get("is_null_level"))
        labels[name] = table
    return labels


def _empty_pairs() -> pl.DataFrame:
    schema = {"unique_id_l": pl.String, "unique_id_r": pl.String,
              "match_probability": pl.Float64, "match_weight": pl.Float64}
    schema |= {f"gamma_{name}": pl.Int32 for name in COMPARISONS}
    return pl.DataFrame(schema=schema)
