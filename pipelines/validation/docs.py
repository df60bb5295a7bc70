"""The Great Expectations context the validations run in, and its Data Docs site.

An ephemeral context (no great_expectations.yml, nothing to set up), with a pandas
datasource for frames pulled from DuckDB: GX's SQL datasource over duckdb-engine returns
empty results (great_expectations issue #11579). With a site directory, the suites and
validation results are kept on disk beside the site, so the index lists the latest
validation of every suite, whichever Dagster check ran it:

    <output>/validation/index.html           the Data Docs site (open this)
    <output>/validation/expectations/ …      suite pages
    <output>/validation/validations/ …       one page per suite, its latest validation
    <output>/validation/store/               the suites and results as JSON

Only the latest validation of a suite is kept: the Dagster UI holds the check history.

A process keeps one context and one Data Docs builder per site (`data_context`): GX
compiles its page templates once per builder, which was 40% of a suite's validation time
when every suite built its own. Under the in-process executor (`yingcai run`) that is
once per run; under the UI's multiprocess executor once per step, as before.
"""

from __future__ import annotations

import shutil
import threading
from functools import lru_cache
from pathlib import Path

SITE_NAME = "validation"
STORE_DIR = "store"


def site_dir(output: Path) -> Path:
    """Where Data Docs go: <output>/validation/."""
    return Path(output) / SITE_NAME


def data_context(site_dir: Path | None = None):
    """This process's ephemeral GX context; with `site_dir`, writing Data Docs there."""
    return _context(None if site_dir is None else Path(site_dir).resolve())


# A few sites at once at most (tests validate into many temporary folders in one process).
@lru_cache(maxsize=4)
def _context(site_dir: Path | None):
    import great_expectations as gx

    _no_process_lock_for_progress_bars()
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    if site_dir is not None:
        # Resolved by the caller: GX refuses a relative base directory in an ephemeral
        # context (`make run` passes data/output).
        store = site_dir / STORE_DIR
        for name, class_name, folder in (
            ("expectations_store", "ExpectationsStore", "expectations"),
            ("validation_results_store", "ValidationResultsStore", "validations"),
        ):
            config.stores[name] = {
                "class_name": class_name,
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(store / folder),
                },
            }
        config.data_docs_sites = {
            SITE_NAME: {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(site_dir),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            }
        }
    return gx.get_context(project_config=config, mode="ephemeral")


def _no_process_lock_for_progress_bars() -> None:
    """GX builds a tqdm progress bar per validation even when bars are off, and tqdm's
    first bar creates a multiprocessing lock: a POSIX semaphore under /dev/shm, a write
    outside the output directory. A thread lock does for bars never shown."""
    from tqdm import tqdm

    if getattr(tqdm, "_lock", None) is None:
        tqdm.set_lock(threading.RLock())


def publish(context, site_dir: Path, suite, result, result_id) -> Path:
    """Store `suite` and `result` (replacing the suite's earlier results and their pages)
    and rebuild the suite's pages and the index. Returns the index page."""
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    context.suites.add_or_update(suite)
    store = context.validation_results_store
    for key in store.list_keys():
        if isinstance(key, ValidationResultIdentifier) and (
            key.expectation_suite_identifier.name == suite.name
        ):
            store.remove_key(key)
    shutil.rmtree(Path(site_dir) / "validations" / suite.name, ignore_errors=True)
    store.store_validation_results(
        suite_validation_result=result,
        suite_validation_result_identifier=result_id,
        expectation_suite_identifier=ExpectationSuiteIdentifier(name=suite.name),
    )
    _site_builder(context).build(
        resource_identifiers=[ExpectationSuiteIdentifier(name=suite.name), result_id]
    )
    return Path(site_dir) / "index.html"


@lru_cache(maxsize=4)
def _site_builder(context):
    """The builder `context.build_data_docs` would make afresh at every call."""
    from great_expectations.data_context.util import instantiate_class_from_config

    return instantiate_class_from_config(
        config=context.variables.data_docs_sites[SITE_NAME],
        runtime_environment={
            "data_context": context,
            "root_directory": context.root_directory,
            "site_name": SITE_NAME,
        },
        config_defaults={
            "class_name": "SiteBuilder",
            "module_name": "great_expectations.render.renderer.site_builder",
        },
    )
