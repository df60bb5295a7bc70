"""restricted.roster_candidates: made with restricted.roster_links
(pipelines/restricted/roster_links.py); its description is here, beside its name."""

from pipelines.restricted.roster_links import CANDIDATES_DESCRIPTION as DESCRIPTION

COLUMNS = {
    "person_key": "The candidate: a programme person or an applicant never selected.",
    "kind": "person (core.persons) or applicant.",
    "probability": "The model's match probability of the pair (≥ 0.5).",
    "effective_probability": "The probability after a reviewer's decision: 1 for 是, 0 for 否 or "
                             "beside another candidate's 是, else the model's.",
    "decision": "The reviewer's decision on the pair (是/否) from review_decisions.csv; NULL when none.",
    "name_level": "How the names agree (the model's level, e.g. same name, same name in pinyin).",
    "birth_date_level": "How the birth dates agree.",
    "gender_level": "How the genders agree.",
    "school_level": "How the high schools agree.",
    "province_level": "How the provinces agree.",
}
