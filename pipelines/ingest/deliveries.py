"""One delivered file read as the raw layer keeps it: a row per data row, the contract's
columns under their English names (text as delivered), other columns kept as JSON, and the
row number a person sees in Excel."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.contract.columns import column_names, header_key, header_lookup, required_columns
from pipelines.ingest.rejections import FileRejected
from pipelines.ingest.tables import HEADER_SEARCH_ROWS, Table, read_table

TOTAL_ROW_LABELS = ("合计", "总计")
EXTRA_COLUMNS = "extra_columns"


@dataclass(frozen=True)
class Delivery:
    rows: pl.DataFrame  # row_number, <contract columns>, extra_columns
    sheet: str | None
    encoding: str | None
    header_row: int
    # contract column (English name) → its header cell exactly as delivered
    headers: dict[str, str]

    @property
    def rows_read(self) -> int:
        return self.rows.height


def read_delivery(path: Path, file_path: str, source: str) -> Delivery:
    """Read one file of `source`; raises FileRejected for the contract's file-level
    reasons (`unreadable`, `missing_column`)."""
    table = read_table(path, file_path, lambda rows: locate_header(rows, source, file_path))
    body = _without_blank_and_total_rows(table)
    return Delivery(
        rows=_contract_columns(body, table.header, source),
        headers=delivered_headers(table.header, source),
        sheet=table.sheet,
        encoding=table.encoding,
        header_row=table.first_body_row - 1,
    )


def locate_header(rows: list[list[str | None]], source: str, file_path: str) -> int:
    """Index of the first row holding every required header of the source."""
    lookup = header_lookup(source)
    required = required_columns(source)
    best_index, best_found = None, set()
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {lookup[k] for k in map(header_key, row) if k in lookup}
        if all(column.name in found for column in required):
            return index
        if len(found) > len(best_found):
            best_index, best_found = index, found
    if best_index is None:
        raise FileRejected(
            "missing_column",
            f"{file_path}: no header row found in the first {HEADER_SEARCH_ROWS} rows "
            f"(expected headers such as {', '.join(_spelling(c) for c in required)})",
            zh=f"{file_path}：前 {HEADER_SEARCH_ROWS} 行中找不到表头行"
            f"（应有 {'、'.join(_spelling(c) for c in required)} 等列）",
        )
    missing = [c for c in required if c.name not in best_found]
    raise FileRejected(
        "missing_column",
        f"{file_path}: header row {best_index + 1} lacks required column(s) "
        f"{', '.join(_spelling(c) for c in missing)}",
        zh=f"{file_path}：第 {best_index + 1} 行表头缺少必需列 {'、'.join(_spelling(c) for c in missing)}",
    )


def _spelling(column) -> str:
    return f"{column.canonical} ({column.name})" if column.canonical else column.name


def _without_blank_and_total_rows(table: Table) -> pl.DataFrame:
    body = table.body.with_row_index("row_number", offset=table.first_body_row).with_columns(
        pl.col("row_number").cast(pl.Int64)
    )
    cells = [c for c in body.columns if c != "row_number"]
    if not cells:
        return body.clear()
    blank = pl.all_horizontal(
        pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "") for c in cells
    )
    body = body.filter(~blank)
    if body.height and _is_total_row(body.row(body.height - 1)[1:]):
        body = body.slice(0, body.height - 1)
    return body


def _is_total_row(cells: tuple) -> bool:
    first = next((c for c in cells if c is not None and c.strip()), "")
    return header_key(first).startswith(TOTAL_ROW_LABELS)


def delivered_headers(header: list[str | None], source: str) -> dict[str, str]:
    """Contract column → the header cell that named it, as delivered (the first spelling
    when two name the same column, as `_contract_columns` reads it)."""
    lookup = header_lookup(source)
    headers: dict[str, str] = {}
    for cell in header:
        name = lookup.get(header_key(cell))
        if name is not None and name not in headers:
            headers[name] = cell
    return headers


def _contract_columns(body: pl.DataFrame, header: list[str | None], source: str) -> pl.DataFrame:
    """Map header cells to contract columns (first spelling wins when two headers name
    the same column); the rest become a JSON object keyed by their header text."""
    lookup = header_lookup(source)
    contract, extra = {}, {}
    width = body.width - 1
    for index in range(width):
        cell = header[index] if index < len(header) else None
        name = lookup.get(header_key(cell))
        if name is not None and name not in contract:
            contract[name] = f"c{index}"
        else:
            label = (cell or "").strip() or f"column_{_excel_letters(index)}"
            while label in extra:
                label += "'"
            extra[label] = f"c{index}"
    columns = [pl.col("row_number")]
    for name in column_names(source):
        origin = contract.get(name)
        columns.append((pl.col(origin) if origin else pl.lit(None, pl.String)).alias(name))
    if extra:
        present = pl.any_horizontal(pl.col(c).is_not_null() for c in extra.values())
        encoded = pl.struct([pl.col(c).alias(label) for label, c in extra.items()]).struct.json_encode()
        columns.append(pl.when(present).then(encoded).alias(EXTRA_COLUMNS))
    else:
        columns.append(pl.lit(None, pl.String).alias(EXTRA_COLUMNS))
    return body.select(columns)


def _excel_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
