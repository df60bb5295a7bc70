"""Layers in one direction: plain logic imports no Dagster (only the Dagster wiring does),
and presentation (dashboards/, with its reports) imports of the pipeline only plain
declarations. Checked on the source by a walk over every import statement, wherever it
stands (a function's lazy import counts), except those under `if TYPE_CHECKING:`."""

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pipelines", "assets", "dashboards")

# The Dagster wiring: asset definitions, the code location and what runs a job. Every
# other module must be importable, with everything it imports, without Dagster.
WIRING = (
    "assets",
    "pipelines.definitions",
    "pipelines.jobs",
    "pipelines.partitions",
    "pipelines.schedules",
    "pipelines.sensors",
    "pipelines.resources",
    "pipelines.runner",
    "pipelines.cli",  # runs the job; its paths that do not (summary, report) are checked below
)
# What presentation may import of the pipeline: plain declarations only. Pages and reports
# read the published analytics.duckdb, never the warehouse or its helper.
PRESENTATION_MAY_IMPORT = (
    "pipelines.registry",
    "pipelines.contract",
)


def _within(module: str, prefixes) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


@cache
def project_modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(node: ast.AST):
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            for orelse in child.orelse:
                yield from _import_nodes(orelse)
            continue
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            yield child
        yield from _import_nodes(child)


@cache
def imports_of(module: str) -> frozenset[str]:
    """The modules `module` imports: project modules by full name (a package's own
    __init__ included), anything else by its top-level name."""
    modules = project_modules()
    path = modules[module]
    is_package = path.name == "__init__.py"
    found = set()
    for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        for name in names:
            if name.split(".")[0] not in PACKAGES:
                found.add(name.split(".")[0])
                continue
            parts = name.split(".")
            for end in range(1, len(parts) + 1):  # importing a.b.c imports a and a.b
                if ".".join(parts[:end]) in modules:
                    found.add(".".join(parts[:end]))
    found.discard(module)
    return frozenset(found)


def import_chain(start: str, target) -> list[str] | None:
    """The first chain of imports from `start` to a module `target(name)` accepts."""
    seen, pending = {start}, [[start]]
    while pending:
        chain = pending.pop(0)
        for imported in sorted(imports_of(chain[-1])):
            if target(imported):
                return [*chain, imported]
            if imported in project_modules() and imported not in seen:
                seen.add(imported)
                pending.append([*chain, imported])
    return None


def test_no_module_outside_the_dagster_wiring_imports_dagster():
    offenders = {}
    for module in sorted(project_modules()):
        if _within(module, WIRING) or module in PACKAGES:
            continue
        chain = import_chain(module, lambda name: name == "dagster")
        if chain:
            offenders[module] = " → ".join(chain)
    assert offenders == {}


def test_presentation_imports_of_the_pipeline_only_plain_declarations():
    # importing pipelines.registry.metrics runs pipelines/registry/__init__.py on the way
    on_the_way = {".".join(p.split(".")[:end]) for p in PRESENTATION_MAY_IMPORT for end in range(1, p.count(".") + 1)}
    offenders = {}
    for module in sorted(project_modules()):
        if not _within(module, ["dashboards"]):
            continue
        wrong = sorted(
            name for name in imports_of(module)
            if name.split(".")[0] in ("pipelines", "assets")
            and name not in on_the_way and not _within(name, PRESENTATION_MAY_IMPORT)
        )
        if wrong:
            offenders[module] = wrong
    assert offenders == {}


def test_no_page_or_report_reaches_the_warehouse_helper_even_through_another_module():
    chains = {
        module: " → ".join(chain) for module in sorted(project_modules()) if _within(module, ["dashboards"])
        and (chain := import_chain(module, lambda name: _within(name, ["pipelines.warehouse"])))
    }
    assert chains == {}


def test_the_pipeline_imports_presentation_only_from_its_wiring():
    offenders = {
        module: sorted(name for name in imports_of(module) if _within(name, ["dashboards"]))
        for module in project_modules()
        if _within(module, ["pipelines"]) and not _within(module, WIRING)
    }
    assert {m: names for m, names in offenders.items() if names} == {}


def test_the_walk_sees_lazy_imports_and_skips_type_checking_ones():
    assert "pipelines.runner" in imports_of("pipelines.cli")  # inside _run_holding_the_lock
    assert "dagster" not in imports_of("pipelines.timings")  # only under TYPE_CHECKING
    assert "dagster" in imports_of("pipelines.resources")


def test_plain_modules_load_without_dagster_in_a_fresh_interpreter():
    plain = ["pipelines.summary", "pipelines.publish.dictionary", "pipelines.preflight",
             "pipelines.timings", "pipelines.cli", "dashboards.build", "dashboards.reports.build"]
    code = f"import sys\nfor m in {plain!r}: __import__(m)\nprint('dagster' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "False"
