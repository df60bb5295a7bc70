"""Dates as delivered, parsed to pl.Date: the spellings of contract.md and Excel's own
forms. Anything else, and any impossible calendar date (2019-02-30), gives null."""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.cleaning.text import width_fold

# Year, month and day in each written form; the first two also take the time of day that
# an Excel or WPS date cell brings along when read as text (`2019-09-01 00:00:00`).
_TIME = r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
# (pattern, an example as a steward would write it): the examples are what a rejection
# workbook shows as the accepted forms.
WRITTEN_FORMS = (
    (rf"^([0-9]{{4}})-([0-9]{{1,2}})-([0-9]{{1,2}}){_TIME}$", "2019-09-01"),
    (rf"^([0-9]{{4}})/([0-9]{{1,2}})/([0-9]{{1,2}}){_TIME}$", "2019/9/1"),
    (r"^([0-9]{4})\.([0-9]{1,2})\.([0-9]{1,2})$", "2019.9.1"),
    (r"^([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日$", "2019年9月1日"),
    (r"^([0-9]{4})([0-9]{2})([0-9]{2})$", "20190901"),
)

# Excel's 1900 date system counts serial 1 as 1900-01-01 and has a 1900-02-29 that never
# was (serial 60), so from serial 61 (1900-03-01) on, serial n is 1899-12-30 + n days.
# Accepted: 61 (1900-03-01) to 73050 (2099-12-31), which holds every birth, activity and
# survey date of the programme. Excel itself goes to 2958465 (9999-12-31), but a six- or
# seven-digit number in a date cell is a mangled 20190901, not a date in the year 7428,
# and a serial up to 60 is a slip, not January 1900. A fraction is a time of day, dropped.
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_FIRST_SERIAL = 61
EXCEL_LAST_SERIAL = 73_050
_SERIAL = r"^[0-9]{1,5}(?:\.[0-9]+)?$"


def _from_written(text: pl.Expr) -> pl.Expr:
    """`YYYY-MM-DD` from the first written form the text matches, else null."""
    canonical = [
        pl.when(text.str.contains(form)).then(text.str.replace(form, "${1}-${2}-${3}"))
        for form, _ in WRITTEN_FORMS
    ]
    parts = pl.coalesce(canonical).str.split_exact("-", 2)
    padded = pl.concat_str(
        [parts.struct[0], parts.struct[1].str.zfill(2), parts.struct[2].str.zfill(2)],
        separator="-",
    )
    # Strict shape checked above, so the lenient parser only has to know the calendar.
    return padded.str.to_date("%Y-%m-%d", strict=False)


def _from_excel_serial(text: pl.Expr) -> pl.Expr:
    serial = pl.when(text.str.contains(_SERIAL)).then(text.cast(pl.Float64, strict=False).floor())
    in_range = serial.is_between(EXCEL_FIRST_SERIAL, EXCEL_LAST_SERIAL)
    days = pl.duration(days=pl.when(in_range).then(serial.cast(pl.Int64)))
    return (pl.lit(EXCEL_EPOCH) + days).cast(pl.Date)


def parse_date(raw: pl.Expr) -> pl.Expr:
    """A date cell → pl.Date: `2019-09-01`, `2019/9/1`, `2019.9.1`, `2019年9月1日`,
    `20190901`, ISO date-time text of an Excel date cell, or an Excel serial number in a
    text cell (`43709` → 2019-09-01). Full-width digits and surrounding spaces are
    accepted. Null for a blank or unparseable cell."""
    text = width_fold(raw).str.strip_chars()
    return pl.coalesce(_from_written(text), _from_excel_serial(text))
