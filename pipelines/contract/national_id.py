"""GB 11643-1999 citizen identity numbers: normalisation, validation, and the facts the
number carries (birth date, sex)."""

from __future__ import annotations

import datetime as dt
import unicodedata

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

# First two digits of GB/T 2260 area codes in use on the mainland (11–65) and of Taiwan,
# Hong Kong and Macao (71, 81, 82). The 兵团 has no area prefix of its own: its students
# hold Xinjiang (65) numbers.
VALID_AREA_PREFIXES = frozenset(
    {
        "11", "12", "13", "14", "15",
        "21", "22", "23",
        "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54",
        "61", "62", "63", "64", "65",
        "71", "81", "82",
    }
)


def normalise(raw: str | None) -> str | None:
    """Width-fold, drop every white space, upper-case the check character.
    None or an empty result gives None (a missing value, not an invalid one)."""
    if raw is None:
        return None
    text = "".join(unicodedata.normalize("NFKC", str(raw)).split()).upper()
    return text or None


def check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def birth_date(national_id: str) -> dt.date | None:
    try:
        return dt.date(int(national_id[6:10]), int(national_id[10:12]), int(national_id[12:14]))
    except ValueError:
        return None


def is_valid(national_id: str | None) -> bool:
    """18 characters, a known area prefix, a real birth date from 1900 on, the right check."""
    if national_id is None or len(national_id) != 18:
        return False
    first17, last = national_id[:17], national_id[17]
    if not first17.isascii() or not first17.isdigit():
        return False
    if first17[:2] not in VALID_AREA_PREFIXES:
        return False
    born = birth_date(national_id)
    if born is None or born.year < 1900:
        return False
    return check_digit(first17) == last


def sex(national_id: str) -> str:
    """男 when the 17th digit is odd, 女 when even."""
    return "男" if int(national_id[16]) % 2 == 1 else "女"


def make(area_code: str, born: dt.date, sequence: int, male: bool) -> str:
    """A valid number: six-digit area code, birth date, a three-digit sequence whose last
    digit carries the sex, and the check character."""
    order = (sequence % 500) * 2 + (1 if male else 0)
    first17 = f"{area_code}{born:%Y%m%d}{order:03d}"
    return first17 + check_digit(first17)
