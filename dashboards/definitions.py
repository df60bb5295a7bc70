"""The definitions page, <output>/dashboards/metrics.html: docs/metrics.md, the project's
own statement of every figure, the editions and the small-cell rules, rendered for
readers who have only the output folder. Every page links to it."""

from __future__ import annotations

from pathlib import Path

from dashboards.labels import PAGES, Text
from dashboards.markdown import to_html
from dashboards.page import Page

DEFINITIONS_SOURCE = Path(__file__).resolve().parents[1] / "docs" / "metrics.md"


def definitions_page(source: Path = DEFINITIONS_SOURCE) -> Page:
    """The page: the document's own title replaced by the page's, its body as written."""
    markdown = source.read_text(encoding="utf-8")
    lines = markdown.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    page = Page("metrics", PAGES["definitions_title"], Text(
        "各项指标如何计算、谁能看到、不公布的数字如何标记（英文，指标附中文名称）。",
        "How every figure is counted, who may see it, and how a figure that is not given is marked.",
    ))
    page.raw(f'<article class="doc" lang="en">{to_html(chr(10).join(lines))}</article>')
    return page
