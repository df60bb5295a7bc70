"""Assembling one self-contained HTML page: UTF-8, plotly.js embedded once (never from a
CDN), every figure's data inline, Chinese and English with a switch, CJK fonts first in
the font stack. The page asks for nothing outside itself.

Figures live in *slots*: a slot is one chart on the page with one or more *variants*
(a metric or a province chosen in a selector), each built in both languages. The page
renders the first variant in Chinese; the language switch and the selectors re-render
with Plotly.react. `#en` in the address opens the page in English. When every chart
has rendered the page sets `data-ready="true"` on <body> (tests wait for it).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

import plotly.graph_objects as go
import plotly.io as pio
from plotly.io.json import to_json_plotly
from plotly.offline import get_plotlyjs

from dashboards.labels import FONT_STACK, LANGUAGES, PAGES, UI, Text

# The definitions page every page links to (docs/metrics.md, rendered by the build).
DEFINITIONS_PAGE = "metrics.html"

PAGE_TEMPLATE = "plotly_white"
PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def t(text: Text, tag: str = "span") -> str:
    """Both languages of a text; CSS shows the page's language."""
    if text.zh == text.en:
        return esc(text.zh)
    return (f'<{tag} data-lang="zh">{esc(text.zh)}</{tag}>'
            f'<{tag} data-lang="en" lang="en">{esc(text.en)}</{tag}>')


@dataclass
class Slot:
    slot_id: str
    variants: dict[str, dict[str, go.Figure | dict]]  # variant key → language → figure
    height: int
    label: Text


@dataclass
class Page:
    slug: str
    title: Text
    subtitle: Text | None = None
    blocks: list[str] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)

    def heading(self, text: Text, anchor: str | None = None, level: int = 2) -> None:
        # Section anchors have their own prefix: a chart's div may have the same name.
        ident = f' id="section-{esc(anchor)}"' if anchor else ""
        self.blocks.append(f"<h{level}{ident}>{t(text)}</h{level}>")

    def paragraph(self, text: Text, css: str = "note") -> None:
        self.blocks.append(f'<p class="{css}">{t(text)}</p>')

    def raw(self, markup: str) -> None:
        self.blocks.append(markup)

    def figure(self, slot_id: str, variants: dict[str, dict[str, go.Figure | dict]], label: Text,
               caption: Text | None = None, height: int = 420,
               selector: tuple[Text, list[tuple[str, Text]]] | None = None, wide: bool = False) -> None:
        """A chart; `selector` (label, [(variant key, option text)]) adds a drop-down."""
        self.slots.append(Slot(slot_id, variants, height, label))
        parts = [f'<figure class="chart{" wide" if wide else ""}">']
        if selector:
            text, options = selector
            parts.append(
                f'<label class="selector">{t(text)} <select data-slot="{esc(slot_id)}">'
                + "".join(
                    f'<option value="{esc(key)}" data-zh="{esc(option.zh)}" data-en="{esc(option.en)}">'
                    f"{esc(option.zh)}</option>"
                    for key, option in options
                )
                + "</select></label>"
            )
        parts.append(
            f'<div class="plot" id="{esc(slot_id)}" role="img" style="height:{height}px" '
            f'data-label-zh="{esc(label.zh)}" data-label-en="{esc(label.en)}" aria-label="{esc(label.zh)}"></div>'
        )
        if caption:
            parts.append(f"<figcaption>{t(caption)}</figcaption>")
        parts.append("</figure>")
        self.blocks.append("".join(parts))

    def variants(self, group_id: str, label: Text, options: list[tuple[str, Text, str]]) -> None:
        """Blocks of markup of which one is shown, chosen in a drop-down: (key, option
        text, markup) each; the first is shown at first."""
        select = (
            f'<label class="selector">{t(label)} <select data-variants="{esc(group_id)}">'
            + "".join(f'<option value="{esc(key)}" data-zh="{esc(text.zh)}" data-en="{esc(text.en)}">'
                      f"{esc(text.zh)}</option>" for key, text, _ in options)
            + "</select></label>"
        )
        blocks = "".join(
            f'<div data-variant-of="{esc(group_id)}" data-variant="{esc(key)}"{"" if i == 0 else " hidden"}>{markup}</div>'
            for i, (key, _, markup) in enumerate(options)
        )
        self.blocks.append(select + blocks)

    def grid(self, start: bool) -> None:
        self.blocks.append('<div class="grid">' if start else "</div>")

    def render(self, nav: list[tuple[str, Text]], generated_at: datetime, sources: list[Text],
               legend: str = "") -> str:
        figures = {
            slot.slot_id: {
                key: {lang: figure_json(figures[lang]) for lang in LANGUAGES}
                for key, figures in slot.variants.items()
            }
            for slot in self.slots
        }
        navigation = "".join(
            f'<a href="{esc(href)}"{" aria-current=page" if href == self.slug + ".html" else ""}>{t(text)}</a>'
            for href, text in nav
        )
        plotly = f"<script>{get_plotlyjs()}</script>" if self.slots else ""
        data = (
            f'<script type="application/json" id="figure-data">{_inline_json(figures)}</script>'
            f'<script type="application/json" id="figure-template">{_template_json()}</script>'
            if self.slots else ""
        )
        source_lines = "".join(f"<li>{t(s)}</li>" for s in sources)
        return f"""<!DOCTYPE html>
<html lang="zh-CN" data-lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'">
<title>{esc(self.title.zh)} · {esc(self.title.en)}</title>
<style>{STYLE}</style>
{plotly}
</head>
<body>
<header>
<div class="brand">{t(UI["programme"])}</div>
<nav>{navigation}</nav>
<button type="button" id="language-switch" data-set-lang="en" aria-label="English / 中文">{t(UI["language"])}</button>
</header>
<main>
<h1>{t(self.title)}</h1>
{f'<p class="subtitle">{t(self.subtitle)}</p>' if self.subtitle else ""}
{"".join(self.blocks)}
{legend}
<footer>
<p><a href="{DEFINITIONS_PAGE}" class="definitions">{t(PAGES["definitions_link"])}</a></p>
<p>{t(UI["generated"])}: {esc(generated_at.strftime("%Y-%m-%d %H:%M"))}</p>
<ul class="sources">{source_lines}</ul>
</footer>
</main>
{data}
<script>{SCRIPT}</script>
{"".join(f"<script>{s}</script>" for s in self.scripts)}
</body>
</html>
"""


@contextmanager
def shared_template() -> Iterator[None]:
    """Build figures without Plotly's default template (applied by the page instead)."""
    before = pio.templates.default
    pio.templates.default = "none"
    try:
        yield
    finally:
        pio.templates.default = before


def _template_json() -> str:
    return _inline_json(json.loads(to_json_plotly(pio.templates[PAGE_TEMPLATE].to_plotly_json())))


def figure_json(figure: go.Figure | dict) -> dict:
    """A figure as the plain JSON data plotly.js draws."""
    return json.loads(pio.to_json(figure, validate=False, remove_uids=True))


def _inline_json(value) -> str:
    """JSON safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def base_layout(title: Text, lang: str, height: int, **overrides) -> dict:
    """The layout every chart shares: fonts with CJK first, white background, title."""
    layout = {
        "title": {"text": title(lang), "x": 0.01, "xanchor": "left", "font": {"size": 15}},
        "font": {"family": FONT_STACK, "size": 12, "color": "#1f2933"},
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
        # The page gives every chart one shared template (TEMPLATE_JSON below): a named
        # template here would be copied into every figure, in Python time and page size.
        "template": "none",
        "legend": {"orientation": "h", "y": -0.18, "x": 0},
        "hoverlabel": {"font": {"family": FONT_STACK}},
        "separators": ".,",
    }
    layout.update(overrides)
    return layout


STYLE = """
:root { --ink:#1f2933; --muted:#52606d; --line:#d9e2ec; --accent:#0b5cad; --bg:#f7f9fb; }
* { box-sizing: border-box; }
html { font-family: FONT; color: var(--ink); background: var(--bg); }
body { margin: 0; }
html[data-lang="zh"] [data-lang="en"], html[data-lang="en"] [data-lang="zh"] { display: none; }
header { display:flex; align-items:center; gap:1.5rem; padding:.6rem 1.5rem; background:#0b3d6e; color:#fff; position:sticky; top:0; z-index:10; }
header .brand { font-weight:700; }
header nav { display:flex; gap:1rem; flex:1; flex-wrap:wrap; }
header nav a { color:#dbe9f6; text-decoration:none; }
header nav a[aria-current] { color:#fff; border-bottom:2px solid #fff; }
header button { background:#fff; color:#0b3d6e; border:0; border-radius:4px; padding:.3rem .8rem; cursor:pointer; font:inherit; }
main { max-width: 1280px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size:1.6rem; margin:.8rem 0 .2rem; }
h2 { font-size:1.25rem; margin:2rem 0 .6rem; padding-bottom:.3rem; border-bottom:1px solid var(--line); }
h3 { font-size:1.05rem; margin:1.2rem 0 .4rem; }
.subtitle, .note, figcaption, footer { color: var(--muted); }
.note { font-size:.92rem; max-width: 70rem; }
figure.chart { margin:0; background:#fff; border:1px solid var(--line); border-radius:6px; padding:.5rem; }
figcaption { font-size:.85rem; padding:.3rem .4rem 0; }
.grid { display:grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap:1rem; }
.grid figure.wide { grid-column: 1 / -1; }
.selector { display:block; font-size:.9rem; padding:.2rem .4rem .4rem; }
.selector select { font:inherit; padding:.1rem .3rem; }
.kpis { display:grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap:.8rem; margin:1rem 0; }
.kpi { background:#fff; border:1px solid var(--line); border-radius:6px; padding:.7rem .9rem; }
.kpi .label { color:var(--muted); font-size:.85rem; }
.kpi .value { font-size:1.5rem; font-weight:700; margin-top:.2rem; }
.kpi .detail { color:var(--muted); font-size:.8rem; }
table.data { border-collapse: collapse; width:100%; background:#fff; font-size:.88rem; }
table.data th, table.data td { border:1px solid var(--line); padding:.3rem .5rem; text-align:right; white-space:nowrap; }
table.data th:first-child, table.data td:first-child, table.data td.text, table.data th.text { text-align:left; }
table.data td.text { white-space: normal; }
table.data thead th { background:#eef2f7; }
table.data td.name { white-space:nowrap; }
table.data tr.national td { font-weight:700; background:#f3f7fb; }
table.data th button { all:unset; cursor:pointer; }
table.data th button::after { content:" ↕"; color:#9aa5b1; }
table.data th[aria-sort="ascending"] button::after { content:" ↑"; color:var(--ink); }
table.data th[aria-sort="descending"] button::after { content:" ↓"; color:var(--ink); }
.table-wrap { overflow-x:auto; border:1px solid var(--line); border-radius:6px; }
.hidden-cell { color:#7b8794; }
.pass { color:#1b7f3b; font-weight:700; }
.fail { color:#b42318; font-weight:700; }
.warn { color:#a15c07; font-weight:700; }
.legend { font-size:.85rem; color:var(--muted); margin-top:2rem; }
.legend dt { display:inline; font-weight:700; color:var(--ink); }
.legend dd { display:inline; margin:0 1.2rem 0 .3rem; }
.legend a, footer a { color:var(--accent); }
.mark-above { color:#0b5cad; font-weight:700; }
.mark-below { color:#b42318; font-weight:700; }
td .interval, td .reason, td .coverage { display:block; font-size:.75rem; color:var(--muted); white-space:nowrap; }
td .reason { white-space:normal; }
.doc { background:#fff; border:1px solid var(--line); border-radius:6px; padding:.5rem 1.5rem 1.5rem; max-width:70rem; }
.doc p, .doc li { line-height:1.6; }
.doc code { background:#eef2f7; padding:0 .2rem; border-radius:3px; font-size:.88em; }
.doc table.data td { white-space:normal; vertical-align:top; }
ul.links { list-style:none; padding:0; display:grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap:1rem; }
ul.links li a { display:block; background:#fff; border:1px solid var(--line); border-radius:6px; padding:1rem; text-decoration:none; color:var(--ink); }
ul.links li a strong { display:block; font-size:1.1rem; color:var(--accent); margin-bottom:.3rem; }
footer { font-size:.8rem; margin-top:2rem; border-top:1px solid var(--line); }
@media print {
  header { position:static; background:none; color:var(--ink); }
  header nav, header button, .selector { display:none; }
  figure.chart, table.data { break-inside: avoid; }
  .grid { display:block; }
}
""".replace("FONT", FONT_STACK)

SCRIPT = r"""
(function () {
  const data = document.getElementById('figure-data');
  const FIGURES = data ? JSON.parse(data.textContent) : {};
  const template = document.getElementById('figure-template');
  const TEMPLATE = template ? JSON.parse(template.textContent) : null;
  const CONFIG = CONFIG_JSON;
  const chosen = {};
  for (const slot of Object.keys(FIGURES)) chosen[slot] = Object.keys(FIGURES[slot])[0];
  const lang = () => document.documentElement.dataset.lang;

  function draw(slot) {
    const figure = FIGURES[slot][chosen[slot]][lang()];
    const element = document.getElementById(slot);
    element.setAttribute('aria-label', element.dataset['label' + (lang() === 'zh' ? 'Zh' : 'En')]);
    const layout = Object.assign({}, figure.layout, {template: TEMPLATE});
    return Plotly.react(element, figure.data, layout, CONFIG);
  }
  function drawAll() { return Promise.all(Object.keys(FIGURES).map(draw)); }

  function setLanguage(next) {
    const root = document.documentElement;
    root.dataset.lang = next;
    root.lang = next === 'zh' ? 'zh-CN' : 'en';
    const button = document.getElementById('language-switch');
    button.dataset.setLang = next === 'zh' ? 'en' : 'zh';
    for (const option of document.querySelectorAll('option[data-zh]')) {
      option.textContent = option.dataset[next];
    }
    document.dispatchEvent(new CustomEvent('languagechange', {detail: next}));
    return drawAll();
  }
  window.yingcai = {setLanguage, draw, chosen, FIGURES};

  document.getElementById('language-switch').addEventListener('click', (event) => {
    setLanguage(event.currentTarget.dataset.setLang);
  });
  for (const select of document.querySelectorAll('select[data-variants]')) {
    select.addEventListener('change', () => {
      for (const block of document.querySelectorAll(`[data-variant-of="${select.dataset.variants}"]`)) {
        block.hidden = block.dataset.variant !== select.value;
      }
    });
  }
  for (const select of document.querySelectorAll('select[data-slot]')) {
    select.addEventListener('change', () => {
      chosen[select.dataset.slot] = select.value;
      draw(select.dataset.slot);
      document.dispatchEvent(new CustomEvent('variantchange', {detail: {slot: select.dataset.slot, key: select.value}}));
    });
  }

  // Sortable tables: a button in each header cell; cells carry data-sort (numbers) and
  // hidden or missing figures sort last whichever the direction.
  for (const table of document.querySelectorAll('table.sortable')) {
    const headers = Array.from(table.tHead.rows[0].cells);
    headers.forEach((th, column) => {
      const button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', () => {
        const direction = th.getAttribute('aria-sort') === 'descending' ? 'ascending' : 'descending';
        headers.forEach((other) => other.removeAttribute('aria-sort'));
        th.setAttribute('aria-sort', direction);
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        const key = (row) => {
          const cell = row.cells[column];
          const number = cell.dataset.sort;
          return number === undefined ? cell.textContent.trim() : (number === '' ? null : Number(number));
        };
        rows.sort((a, b) => {
          const x = key(a), y = key(b);
          if (x === null && y === null) return 0;
          if (x === null) return 1;
          if (y === null) return -1;
          const order = typeof x === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN');
          return direction === 'ascending' ? order : -order;
        });
        for (const row of rows) body.appendChild(row);
      });
    });
  }

  const start = location.hash === '#en' ? 'en' : 'zh';
  const ready = () => { document.body.dataset.ready = 'true'; };
  (start === 'zh' ? drawAll() : setLanguage(start)).then(ready, (error) => { console.error(error); });
})();
""".replace("CONFIG_JSON", json.dumps(PLOTLY_CONFIG))
