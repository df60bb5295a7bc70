"""Value normalisation and single-row rules for the staging layer.

Modules, one job each:
- `text`, `national_id`, `dates`, `numbers`, `categories`: Polars expression builders
  turning delivered cell text into typed values (null when it does not parse);
- `spellings`: the accepted spellings of each coded field (provinces: in
  `pipelines.contract.provinces`); `fields`: which parser types which contract column;
- `row_rules`: `typed_rows` — typed columns plus the first single-row reject reason;
  `out_of_range`: the range rules; `row_warnings`: gender/birth-date mismatches;
- `row_keys`: normalised values for the cross-row `duplicate_row` rule;
- `checked`: `check_rows`, the one call the staging assets make.
"""

from pipelines.cleaning.checked import CheckedRows, check_rows

__all__ = ["CheckedRows", "check_rows"]
