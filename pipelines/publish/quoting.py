"""Names and texts written into SQL where DuckDB takes no parameter: identifiers read
from the catalog (quoted), and the string literals of ATTACH and COMMENT ON."""


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """A SQL string literal. DuckDB strings have no backslash escapes: doubling ' is the
    whole job."""
    return "'" + str(text).replace("'", "''") + "'"
