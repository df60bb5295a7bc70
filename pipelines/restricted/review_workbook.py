"""The clerical-review workbook of the roster linkage, under <output>/restricted/linkage/:
`clerical_review.xlsx`, one row per candidate pair of a roster row in `review` (both
records side by side, the probability, how each field agrees) with an empty `decision`
column the reviewer fills in with 是 or 否, and README.md saying how to hand the
decisions back (`review_decisions.csv`, read on the next run). Restricted: it holds
names, birth dates and schools."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import xlsxwriter

from pipelines.stewardship.workbooks import (TEXT_ONLY, Widths, finish_sheet, steward_formats,
                                             write_text_row)

# The first four columns are what the decisions file holds: saved as CSV, the sheet is
# the decisions file.
COLUMNS = (
    ("file_path", "文件 file_path"), ("row_number", "行号 row_number"),
    ("person_key", "候选人 person_key"), ("decision", "决定 decision（是/否）"),
    ("probability", "匹配概率 probability"), ("kind", "候选类别 kind"),
    ("name", "名单姓名 roster name"), ("candidate_name", "候选姓名 candidate name"),
    ("birth_date", "名单出生日期 roster birth date"), ("candidate_birth_date", "候选出生日期 candidate birth date"),
    ("gender", "名单性别 roster gender"), ("candidate_gender", "候选性别 candidate gender"),
    ("high_school", "名单中学 roster school"), ("candidate_school", "候选中学 candidate school"),
    ("province_code", "名单省份 roster province"), ("candidate_province_code", "候选省份 candidate province"),
    ("name_level", "姓名比较 name"), ("birth_date_level", "出生日期比较 birth date"),
    ("gender_level", "性别比较 gender"), ("school_level", "中学比较 school"),
    ("province_level", "省份比较 province"),
    ("university", "基地高校 base university"), ("discipline", "基地学科 base discipline"),
)

README_TEXT = """# 拔尖计划名单关联：人工复核 Clerical review of the roster linkage

`clerical_review.xlsx` lists, for every 拔尖计划 roster row the model could not decide
(status `review`: best match probability between 0.5 and the threshold, or two candidates
at the threshold), each candidate with p ≥ 0.5: the roster's record and the candidate's
side by side, the probability, and how each field agrees.

How to hand the decisions back:

1. In the sheet 复核, write 是 (the same student) or 否 (not) in the column
   `decision` of the pairs you decide; leave the others empty. At most one 是 per
   roster row.
2. Save the sheet as CSV (UTF-8) named `review_decisions.csv` in this folder
   (`<output>/restricted/linkage/review_decisions.csv`), keeping the header row; the
   columns read are the first four, headed `file_path`, `row_number`, `person_key`,
   `decision`; the others are ignored. Add the rows of later reviews to the same file; the last decision on a pair
   stands.
3. The next `yingcai run` applies them: 是 links the row (status review, reason
   reviewer_accepted), 否 removes the pair. A decision on a pair that is no longer a
   candidate (the file was replaced) is ignored and counted as stale in the run's log.

The threshold is `YINGCAI_LINKAGE_THRESHOLD` (0.95 by default). This folder is
restricted: it holds names, birth dates and schools.
"""


def write_review(folder: Path, result) -> None:
    """The workbook and README in `folder` (created); the decisions file is left alone."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text(README_TEXT, encoding="utf-8")
    pairs = result.review_pairs.sort("file_path", "row_number", "probability",
                                     descending=[False, False, True])
    path = folder / "clerical_review.xlsx"
    book = xlsxwriter.Workbook(str(path.with_suffix(".tmp.xlsx")), TEXT_ONLY)
    formats = steward_formats(book)
    sheet = book.add_worksheet("复核")
    # The decisions file's four columns headed by their names alone; the others bilingual.
    headers = [name if i < 4 else label for i, (name, label) in enumerate(COLUMNS)]
    widths = Widths(headers)
    write_text_row(sheet, 0, headers, formats["header"])
    present = [name for name, _ in COLUMNS]
    for row, values in enumerate(pairs.select(
            [pl.col(c).cast(pl.String) if c in pairs.columns else pl.lit(None, pl.String).alias(c)
             for c in present]).with_columns(
            probability=pl.col("probability").cast(pl.Float64).round(4).cast(pl.String),
            decision=pl.lit(None, pl.String)).iter_rows(), start=1):
        write_text_row(sheet, row, values, formats["text"], widths)
    finish_sheet(sheet, widths.widths, pairs.height, title="拔尖计划名单关联复核 clerical review")
    book.close()
    path.with_suffix(".tmp.xlsx").replace(path)
