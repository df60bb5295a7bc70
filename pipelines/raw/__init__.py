"""The makers of raw.<table> that no SQL file makes: raw.<source> of every registered
source (sources.py) and raw.completed_input_state (docs/extending.md, "Where a table is
made")."""
