"""Registries: what the project declares once, as plain data, and derives everything else from."""
