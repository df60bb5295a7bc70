"""`make check`: the sweep over every page and workbook a run made, opened as their
readers open them — each page in a real headless Chromium, each workbook by a real
office suite (LibreOffice headless). The everyday suite (`make test`) checks one artefact
of each kind; this folder checks them all, in the output directory of a finished run
(YINGCAI_OUTPUT, default data/output). pyproject's addopts leave it out of `make test`."""

from __future__ import annotations

from sweep_outputs import OUTPUT, pages, workbooks


def pytest_generate_tests(metafunc):
    found = {"page": pages, "workbook": workbooks}
    for name, finder in found.items():
        if name in metafunc.fixturenames:
            paths = finder()
            metafunc.parametrize(name, paths, ids=[str(p.relative_to(OUTPUT)) for p in paths])
