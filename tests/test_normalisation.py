"""Value normalisation of contract.md: every listed spelling must be accepted and give
its canonical value; anything else gives null (which the row rules turn into a reason)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

import polars as pl
import pytest

from pipelines.cleaning import spellings
from pipelines.cleaning.categories import parse_coded, parse_grade, parse_province
from pipelines.cleaning.dates import parse_date
from pipelines.cleaning.fields import COLUMN_KINDS, typed_value
from pipelines.cleaning.national_id import (
    birth_date_from_id,
    is_valid_national_id,
    normalise_national_id,
    sex_from_id,
)
from pipelines.cleaning.numbers import parse_number, parse_year
from pipelines.cleaning.text import clean_text, spelling_key
from pipelines.contract import national_id as reference_id
from pipelines.contract.columns import SOURCE_COLUMNS, header_key
from pipelines.contract.provinces import PROVINCES

VALID_ID = reference_id.make("440106", dt.date(2005, 3, 14), 7, male=True)
VALID_ID_X = next(  # a valid number whose check character is X
    n for s in range(500) if (n := reference_id.make("110101", dt.date(2006, 1, 2), s, True))[-1] == "X"
)


def apply(parse: Callable[[pl.Expr], pl.Expr], values: list[object]) -> list[object]:
    frame = pl.DataFrame({"raw": values}, schema={"raw": pl.String})
    return frame.select(parse(pl.col("raw"))).to_series().to_list()


def with_check(first17: str) -> str:
    return first17 + reference_id.check_digit(first17)


def one(parse: Callable[[pl.Expr], pl.Expr], value: object) -> object:
    return apply(parse, [value])[0]


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# --- national_id -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "delivered",
    [
        VALID_ID,
        f"  {VALID_ID}  ",  # surrounding spaces
        f"{VALID_ID[:6]} {VALID_ID[6:14]} {VALID_ID[14:]}",  # inner spaces
        f"\u3000{VALID_ID[:6]}\u3000{VALID_ID[6:]}\u00a0",  # full-width space and NBSP
        f"\t{VALID_ID}\r\n",
        full_width(VALID_ID),  # full-width digits
        f"{VALID_ID[:9]}\u200b{VALID_ID[9:]}",  # zero-width space from a web form
    ],
)
def test_national_id_spellings_normalise_to_the_number(delivered: str) -> None:
    assert one(normalise_national_id, delivered) == VALID_ID
    assert one(lambda e: is_valid_national_id(normalise_national_id(e)), delivered) is True


@pytest.mark.parametrize("check", ["x", "ｘ", "Ｘ", "X"])
def test_national_id_check_character_x_in_any_case_and_width(check: str) -> None:
    delivered = VALID_ID_X[:17] + check
    assert one(normalise_national_id, delivered) == VALID_ID_X
    assert one(lambda e: is_valid_national_id(normalise_national_id(e)), delivered) is True


@pytest.mark.parametrize("blank", [None, "", "   ", "\u3000", "\u00a0\t"])
def test_blank_national_id_normalises_to_null(blank: str | None) -> None:
    assert one(normalise_national_id, blank) is None


@pytest.mark.parametrize(
    "number",
    [
        "4.40106200501011e+17",  # Excel's float damage, as text
        "4.40106200501011E+17",
        VALID_ID[:6] + VALID_ID[8:17],  # an old 15-digit number
        VALID_ID[:17],  # 17 characters
        VALID_ID + "1",  # 19 characters
        with_check("00" + VALID_ID[2:17]),  # bad area
        with_check(VALID_ID[:10] + "13" + VALID_ID[12:17]),  # month 13
        with_check(VALID_ID[:6] + "18991231" + VALID_ID[14:17]),  # born before 1900
        VALID_ID[:17] + ("0" if VALID_ID[17] != "0" else "1"),  # wrong check digit
        "+" + VALID_ID[1:],
        "abcdefghijklmnopqr",
    ],
)
def test_invalid_national_ids_are_not_valid(number: str) -> None:
    assert reference_id.is_valid(number) is False
    assert one(lambda e: is_valid_national_id(normalise_national_id(e)), number) is False


def test_national_id_validity_agrees_with_the_contract_reference() -> None:
    rng = random.Random(11643)
    numbers = []
    for sequence in range(5000):
        born = dt.date(1880, 1, 1) + dt.timedelta(days=rng.randrange(60000))
        area = rng.choice(["110101", "440106", "650102", "820000", "990000"])
        number = reference_id.make(area, born, sequence, rng.random() < 0.5)
        mutation = rng.randrange(6)
        if mutation == 0:
            number = number[:17] + rng.choice("0123456789X")
        elif mutation == 1:
            position = rng.randrange(17)
            number = number[:position] + rng.choice("0123456789") + number[position + 1 :]
        elif mutation == 2:
            month, day = rng.choice(["00", "02", "13", "12"]), rng.choice(["00", "29", "30", "31", "32"])
            number = with_check(number[:10] + month + day + number[14:17])
        numbers.append(number)
    expected = [reference_id.is_valid(n) for n in numbers]
    assert apply(is_valid_national_id, numbers) == expected
    assert 0 < sum(expected) < len(numbers)


def test_sex_and_birth_date_come_from_the_id() -> None:
    female = reference_id.make("320102", dt.date(2004, 12, 31), 3, male=False)
    assert apply(sex_from_id, [VALID_ID, female]) == ["男", "女"]
    assert apply(birth_date_from_id, [VALID_ID, female, "4.40106200501011E+17"]) == [
        dt.date(2005, 3, 14), dt.date(2004, 12, 31), None,
    ]


# --- dates ----------------------------------------------------------------------------

SEPT_1 = dt.date(2019, 9, 1)


@pytest.mark.parametrize(
    "delivered",
    [
        "2019-09-01",
        "2019-9-1",
        "2019/9/1",
        "2019/09/01",
        "2019.9.1",
        "2019年9月1日",
        "2019年09月01日",
        "20190901",
        "2019-09-01 00:00:00",  # an Excel date cell read as text
        "2019-09-01T00:00:00",
        "2019-09-01 14:30:00.000",
        "2019/9/1 0:00",  # WPS writes date cells this way
        "43709",  # an Excel serial number in a text cell
        "43709.0",
        "43709.625",  # a serial with a time of day
        " 2019-09-01 ",
        full_width("2019-09-01"),
        "２０１９年９月１日",
    ],
)
def test_date_spellings(delivered: str) -> None:
    assert one(parse_date, delivered) == SEPT_1


@pytest.mark.parametrize(
    "delivered",
    [
        "2019-02-30",  # no such day
        "2019-13-01",
        "2019-00-10",
        "20190230",
        "2019年2月30日",
        "2019-9/1",  # mixed separators
        "19-9-1",  # two-digit year
        "2019091",  # a digit short
        "+2019-09-01",
        "2019-09-01x",
        "60",  # Excel's 1900-02-29, which never was
        "73051",  # beyond 2099-12-31
        "-43709",
        "abc",
        "",
        "  ",
        None,
    ],
)
def test_unparseable_dates_give_null(delivered: str | None) -> None:
    assert one(parse_date, delivered) is None


def test_excel_serial_range_edges() -> None:
    assert apply(parse_date, ["61", "73050", "2"]) == [dt.date(1900, 3, 1), dt.date(2099, 12, 31), None]


def test_leap_day_is_a_date() -> None:
    assert apply(parse_date, ["2020-02-29", "2019-02-29"]) == [dt.date(2020, 2, 29), None]


# --- provinces ------------------------------------------------------------------------


def test_there_are_32_reporting_units() -> None:
    assert len(PROVINCES) == 32
    assert len({p.code for p in PROVINCES}) == 32


@pytest.mark.parametrize(
    ("delivered", "code"),
    [
        ("广东", "440000"),
        ("广东省", "440000"),
        ("Guangdong", "440000"),
        ("guangdong", "440000"),
        ("GUANG DONG", "440000"),
        ("440000", "440000"),
        (" 广东省\u3000", "440000"),
        (full_width("Guangdong"), "440000"),
        ("新疆生产建设兵团", "660000"),
        ("兵团", "660000"),
        ("XPCC", "660000"),
        ("660000", "660000"),
        ("新疆", "650000"),
        ("新疆维吾尔自治区", "650000"),
        ("Xinjiang", "650000"),
        ("650000", "650000"),
        ("Inner Mongolia", "150000"),
        ("内蒙古", "150000"),
        ("Shanxi", "140000"),
        ("Shaanxi", "610000"),
        ("Tibet", "540000"),
        ("Xizang", "540000"),
    ],
)
def test_province_spellings(delivered: str, code: str) -> None:
    assert one(parse_province, delivered) == code


def test_every_spelling_of_every_unit_gives_its_code() -> None:
    spellings_ = [(s, p.code) for p in PROVINCES for s in p.spellings()]
    assert apply(parse_province, [s for s, _ in spellings_]) == [c for _, c in spellings_]


@pytest.mark.parametrize("delivered", ["广州", "440100", "Canton", "台湾", "香港", "44", "", None])
def test_unknown_province_gives_null(delivered: str | None) -> None:
    assert one(parse_province, delivered) is None


# --- coded fields ---------------------------------------------------------------------


def variants(spelling: str) -> list[str]:
    """The spelling as written, in other cases, with spaces around, and full-width."""
    forms = {spelling, spelling.upper(), spelling.lower(), spelling.title()}
    return sorted(forms | {f" {spelling}\u3000", full_width(spelling)})


def coded_cases(table: dict[str, object]) -> list[tuple[str, object]]:
    return [(variant, value) for spelling, value in table.items() for variant in variants(spelling)]


@pytest.mark.parametrize(("delivered", "canonical"), coded_cases(spellings.GENDER))
def test_gender_spellings(delivered: str, canonical: str) -> None:
    assert one(lambda e: parse_coded(e, spellings.GENDER, pl.String), delivered) == canonical


def test_gender_spellings_are_the_contracts() -> None:
    assert spellings.GENDER == {
        "男": "男", "女": "女", "M": "男", "F": "女", "male": "男", "female": "女", "男性": "男", "女性": "女",
    }


@pytest.mark.parametrize(
    ("delivered", "canonical"),
    [*coded_cases(spellings.GRADE), ("10.0", "高一"), ("１１", "高二"), ("高 一", "高一")],
)
def test_grade_spellings(delivered: str, canonical: str) -> None:
    assert one(parse_grade, delivered) == canonical


@pytest.mark.parametrize(
    ("delivered", "canonical"),
    [*coded_cases(spellings.DISCIPLINE), ("computer science", "计算机"), ("ComputerScience", "计算机")],
)
def test_discipline_spellings(delivered: str, canonical: str) -> None:
    assert one(lambda e: parse_coded(e, spellings.DISCIPLINE, pl.String), delivered) == canonical


@pytest.mark.parametrize(("delivered", "canonical"), coded_cases(spellings.YES_NO))
def test_yes_no_spellings(delivered: str, canonical: bool) -> None:
    assert one(lambda e: parse_coded(e, spellings.YES_NO, pl.Boolean), delivered) is canonical


@pytest.mark.parametrize(
    ("table", "values"),
    [
        (spellings.STATUS, ["高中在读", "本科在读", "研究生在读", "已就业", "其他"]),
        (spellings.RESULT, ["优秀", "合格", "不合格", "退出"]),
        (spellings.ASSESSMENT_TYPE, ["中期", "结业"]),
        (spellings.ACTIVITY_TYPE, ["科研实践", "学术研讨", "科学营", "讲座", "其他"]),
        (spellings.ADMISSION_ROUTE, ["强基计划", "统招", "综合评价", "保送", "其他"]),
        (spellings.MAJOR_CATEGORY, ["基础学科", "其他"]),
    ],
)
def test_value_sets_of_the_contract(table: dict[str, str], values: list[str]) -> None:
    assert spellings.canonical_values(table) == tuple(values)
    delivered = [f" {v} " for v in values]
    assert apply(lambda e: parse_coded(e, table, pl.String), delivered) == values


@pytest.mark.parametrize(
    ("column", "delivered"),
    [("gender", "未知"), ("gender", "m f"), ("grade", "高三"), ("grade", "12"), ("grade", "10.5"),
     ("discipline", "语文"), ("selected", "yes"), ("selected", "1"), ("status", "待业"),
     ("result", "良好"), ("assessment_type", "期末"), ("activity_type", "郊游"),
     ("admission_route", "高考"), ("major_category", "工科"), ("topnotch", "不确定")],
)
def test_spellings_not_listed_give_null(column: str, delivered: str) -> None:
    assert one(lambda e: typed_value(column, e), delivered) is None


def test_spelling_key_expression_matches_header_key_for_every_spelling() -> None:
    tables = [spellings.GENDER, spellings.GRADE, spellings.DISCIPLINE, spellings.YES_NO]
    written = [s for t in tables for s in t] + [s for p in PROVINCES for s in p.spellings()]
    samples = written + [full_width(s) for s in written] + [f"\u3000{s.upper()} " for s in written]
    assert apply(spelling_key, samples) == [header_key(s) for s in samples]


# --- numbers and years ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("delivered", "number"),
    [("3", 3.0), ("3.0", 3.0), ("３", 3.0), (" 3 ", 3.0), ("\u30003\u3000", 3.0), ("３．５", 3.5),
     ("3.5", 3.5), ("0", 0.0), ("-1", -1.0), (".5", 0.5), ("1E+2", 100.0), ("87.50", 87.5)],
)
def test_numbers_written_as_text(delivered: str, number: float) -> None:
    assert one(parse_number, delivered) == number


@pytest.mark.parametrize("delivered", ["三", "3小时", "3,5", "NaN", "inf", "1_000", "0x10", "", " ", None])
def test_text_that_is_no_number_gives_null(delivered: str | None) -> None:
    assert one(parse_number, delivered) is None


@pytest.mark.parametrize(
    ("delivered", "year"), [("2019", 2019), ("2019.0", 2019), ("２０１９", 2019), (" 2019 ", 2019)]
)
def test_year_spellings(delivered: str, year: int) -> None:
    assert one(parse_year, delivered) == year


@pytest.mark.parametrize("delivered", ["2019.5", "19", "2019年", "二〇一九", "20190", ""])
def test_text_that_is_no_year_gives_null(delivered: str) -> None:
    assert one(parse_year, delivered) is None


def test_free_text_is_trimmed_and_blank_is_null() -> None:
    delivered = ["  张三\u3000", "北京大学 数学", "Ｍ0001", " ", None]
    assert apply(clean_text, delivered) == ["张三", "北京大学 数学", "M0001", None, None]


# --- the column table -----------------------------------------------------------------


def test_every_contract_column_has_a_kind() -> None:
    columns = {c.name for cols in SOURCE_COLUMNS.values() for c in cols}
    assert columns == set(COLUMN_KINDS)


def test_per_distinct_parsing_gives_the_same_values_as_row_by_row() -> None:
    values = ["2019-09-01", "43709", None, "2019-02-30", "2019-09-01", " 2019/9/1 "] * 50
    kind = COLUMN_KINDS["activity_date"]
    assert apply(lambda e: typed_value("activity_date", e), values) == apply(kind.parse, values)
