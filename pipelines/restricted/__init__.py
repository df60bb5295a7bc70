"""The Python makers of restricted.<table> that no SQL file makes (docs/extending.md,
"Where a table is made")."""
