"""The published analyst database, <output>/analytics.duckdb: everything of the warehouse
except restricted data, a `public` schema with small cells suppressed for readers outside
the analyst team, and a comment on every table and column.

- `suppression`: the small-cell rules of metrics.md as plain functions;
- `public`: the `public` schema built from marts.metric_values (sql/public/*.sql);
- `descriptions`: table and column descriptions, from the Dagster assets or the registry;
- `privacy`: the scan that refuses to publish a file holding IDs or names;
- `database`: building the file beside the old one and renaming it into place;
- `dictionary`: docs/data-dictionary.md from the comments of a published file;
- `quoting`: identifiers and literals where DuckDB takes no parameters.
"""
