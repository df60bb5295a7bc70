"""Building the staging layer: a source's raw rows of some years → typed rows keyed by
person_key, with the rules a year decides on its own (single-row rules, duplicate_row)
and the warnings about given values."""
