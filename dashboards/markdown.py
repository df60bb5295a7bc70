"""The few Markdown constructs docs/metrics.md uses, as HTML: headings (#, ##, ###),
paragraphs, bullet and numbered lists (items continued on indented lines), pipe tables,
and inline `code`, **bold** and [links](address). Everything else is text, escaped.

A converter of our own rather than a Markdown package: none is a dependency of the
project (the ones in uv.lock come with other packages), and the definitions page needs
only these. tests/test_dashboards.py checks that no Markdown syntax is left in the page.
"""

from __future__ import annotations

import html
import re

_INLINE = re.compile(r"`([^`]+)`|\*\*(.+?)\*\*|\[([^\]]+)\]\(([^)\s]+)\)")
_ITEM = re.compile(r"^(\s*)(?:[-*]|(\d+)\.)\s+(.*)$")
_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
_RULE_ROW = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def inline(text: str) -> str:
    """Escape `text` and turn its code spans, bold and links into markup."""
    parts, position = [], 0
    for match in _INLINE.finditer(text):
        parts.append(html.escape(text[position:match.start()], quote=False))
        code, bold, link_text, address = match.groups()
        if code is not None:
            parts.append(f"<code>{html.escape(code, quote=False)}</code>")
        elif bold is not None:
            parts.append(f"<strong>{inline(bold)}</strong>")
        else:
            parts.append(f'<a href="{html.escape(address, quote=True)}">{inline(link_text)}</a>')
        position = match.end()
    parts.append(html.escape(text[position:], quote=False))
    return "".join(parts)


def anchor(text: str) -> str:
    """A heading's id: its words in lower case joined by hyphens (CJK kept)."""
    words = re.findall(r"[\w\u4e00-\u9fff]+", re.sub(r"`", "", text).lower())
    return "-".join(words)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _table(lines: list[str]) -> str:
    head, body = _cells(lines[0]), [_cells(line) for line in lines[2:]]
    header = "".join(f'<th class="text">{inline(cell)}</th>' for cell in head)
    rows = "".join(
        "<tr>" + "".join(f'<td class="text">{inline(cell)}</td>' for cell in row) + "</tr>" for row in body
    )
    return f'<div class="table-wrap"><table class="data"><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table></div>'


def _list(lines: list[str]) -> str:
    items: list[str] = []
    ordered = bool(_ITEM.match(lines[0]).group(2))
    for line in lines:
        match = _ITEM.match(line)
        if match:
            items.append(match.group(3))
        else:
            items[-1] += " " + line.strip()
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{inline(item)}</li>" for item in items) + f"</{tag}>"


def to_html(markdown: str) -> str:
    """The body of `markdown` as HTML blocks."""
    blocks: list[str] = []
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        heading = _HEADING.match(line)
        if heading:
            level, text = len(heading.group(1)), heading.group(2).strip()
            blocks.append(f'<h{level} id="{html.escape(anchor(text))}">{inline(text)}</h{level}>')
            index += 1
            continue
        start = index
        if line.lstrip().startswith("|") and index + 1 < len(lines) and _RULE_ROW.match(lines[index + 1].strip()):
            while index < len(lines) and lines[index].lstrip().startswith("|"):
                index += 1
            blocks.append(_table(lines[start:index]))
            continue
        if _ITEM.match(line):
            while index < len(lines) and lines[index].strip() and (
                _ITEM.match(lines[index]) or lines[index].startswith("  ")
            ):
                index += 1
            blocks.append(_list(lines[start:index]))
            continue
        while index < len(lines) and lines[index].strip() and not (
            _HEADING.match(lines[index]) or _ITEM.match(lines[index]) or lines[index].lstrip().startswith("|")
        ):
            index += 1
        blocks.append(f"<p>{inline(' '.join(part.strip() for part in lines[start:index]))}</p>")
    return "\n".join(blocks)
