"""The reason codes this package emits, as names. The codes and their precedence are the
contract's (`pipelines.contract.reasons`); a name here that the contract lacks fails at
import."""

from __future__ import annotations

from pipelines.contract.reasons import ROW_REJECT_REASONS, ROW_WARN_REASONS


def _known(code: str) -> str:
    if code not in ROW_REJECT_REASONS + ROW_WARN_REASONS:
        raise ValueError(f"{code!r} is no row reason code of the contract")
    return code


INVALID_NATIONAL_ID = _known("invalid_national_id")
MISSING_VALUE = _known("missing_value")
INVALID_VALUE = _known("invalid_value")
UNKNOWN_PROVINCE = _known("unknown_province")
OUT_OF_RANGE = _known("out_of_range")
GENDER_MISMATCH = _known("gender_mismatch")
BIRTH_DATE_MISMATCH = _known("birth_date_mismatch")
