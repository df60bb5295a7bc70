"""Every Dagster definition loads, and the asset keys are the ones we mean to have: a
renamed or lost asset shows up as a diff of tests/snapshots/asset_keys.txt."""

from pathlib import Path

from pipelines.definitions import defs

SNAPSHOT = Path(__file__).parent / "snapshots" / "asset_keys.txt"


def test_definitions_load_and_asset_keys_match_the_snapshot():
    keys = sorted(key.to_user_string() for key in defs.resolve_all_asset_keys())
    assert keys == SNAPSHOT.read_text(encoding="utf-8").split()


def test_every_asset_has_a_description():
    graph = defs.resolve_asset_graph()
    missing = [
        key.to_user_string() for key in graph.get_all_asset_keys() if not graph.get(key).description
    ]
    assert missing == []


def test_asset_key_prefix_is_the_warehouse_schema():
    from pipelines.warehouse import SCHEMAS

    # Files rather than tables: the published database, the pages and the reports.
    outputs = {"publish", "dashboards", "reports"}
    assert {key.path[0] for key in defs.resolve_all_asset_keys()} <= set(SCHEMAS) | outputs
