"""GB 11643-1999 identity numbers as Polars expressions: the vectorised counterpart of
`pipelines.contract.national_id`, which stays the reference (tests hold the two equal).

These run on every row, not per distinct value: ten million training rows carry some
200,000 distinct numbers, and finding those costs more than checking every row.
"""

from __future__ import annotations

import polars as pl

# The contract module keeps the weights and check characters private; importing them
# keeps the standard's constants in one place.
from pipelines.contract.national_id import CHECK_CHARS, VALID_AREA_PREFIXES, WEIGHTS
from pipelines.cleaning.spellings import FEMALE, MALE

# Every Unicode White_Space character, plus the zero-width space and BOM that copy-paste
# from web forms leaves behind, all removed wherever they stand.
_WHITESPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u200b\ufeff"
)
_FOLD = {
    **{chr(0xFF10 + digit): str(digit) for digit in range(10)},  # ０–９
    "Ｘ": "X", "ｘ": "X", "x": "X",
    **{space: "" for space in _WHITESPACE},
}


def normalise_national_id(raw: pl.Expr) -> pl.Expr:
    """Full-width digits → ASCII, every white space removed (surrounding and inner), a
    lower-case or full-width x → X. A blank cell gives null (a missing value, not an
    invalid one). Any other text is left as it is, to be found invalid."""
    text = raw.str.replace_many(_FOLD)
    return pl.when(text.str.len_bytes() > 0).then(text)


def _first17(national_id: pl.Expr) -> pl.Expr:
    """The first 17 characters as a decimal integer (they fit in an Int64); null when they
    are no integer. Not yet a shape check: see `_has_digit_shape`."""
    return national_id.str.slice(0, 17).cast(pl.Int64, strict=False)


def _has_digit_shape(national_id: pl.Expr) -> pl.Expr:
    """18 characters, the first 17 ASCII digits. Cheaper than a regular expression: 17
    characters that cast to an integer of at least 10**16 can only be 17 digits (a sign
    would leave room for 16), and 18 bytes rule out any non-ASCII character."""
    return (national_id.str.len_bytes() == 18) & (_first17(national_id) >= 10**16)


# The check below reads the 17 digits as one base-13 number. GB 11643 weighs the digit k
# places from the right of the 17 by 2**(k+1) mod 11, and 13 ≡ 2 (mod 11), so the weighted
# sum ≡ 2 · (digits read in base 13) (mod 11): one parse instead of 17 digit extractions.
if any(weight != pow(2, 17 - position, 11) for position, weight in enumerate(WEIGHTS)):
    raise RuntimeError("GB 11643 weights are no longer the powers of 2 mod 11")


def birth_date_from_id(national_id: pl.Expr) -> pl.Expr:
    """The birth date the number carries (characters 7–14), null when it is no real date
    or the number is not 17 digits and a check character."""
    digits = pl.when(_has_digit_shape(national_id)).then(national_id.str.slice(6, 8))
    # cache=False: the cache pays off for a few repeated texts, not 200,000 birth dates.
    return digits.str.to_date("%Y%m%d", strict=False, cache=False)


def is_valid_national_id(national_id: pl.Expr) -> pl.Expr:
    """True when a normalised number has 18 characters, a known area prefix, a real birth
    date from 1900 on, and the right check character (never null). Every step is
    elementwise, so the streaming engine can split the work over all cores."""
    base13 = national_id.str.slice(0, 17).str.to_integer(base=13, dtype=pl.UInt64, strict=False)
    check_position = national_id.str.slice(17, 1).replace_strict(
        list(CHECK_CHARS), list(range(11)), default=None, return_dtype=pl.UInt64
    )
    valid = (
        _has_digit_shape(national_id)
        & (_first17(national_id) // 10**15).is_in(sorted(int(p) for p in VALID_AREA_PREFIXES))
        & (birth_date_from_id(national_id).dt.year() >= 1900)
        & (check_position == base13 % 11 * 2 % 11)
    )
    return valid.fill_null(False)


def sex_from_id(national_id: pl.Expr) -> pl.Expr:
    """男 when the 17th digit is odd, 女 when even; null when that is no digit."""
    digit = national_id.str.slice(16, 1).cast(pl.Int8, strict=False)
    return pl.when(digit % 2 == 1).then(pl.lit(MALE)).when(digit % 2 == 0).then(pl.lit(FEMALE))
