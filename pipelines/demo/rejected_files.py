"""Files the contract rejects whole, one of each file-level reason, so that a demo run
shows what a steward sees when a province sends something unusable."""

from __future__ import annotations

from pathlib import Path

from pipelines.demo.manifest import RejectedFile


def write_rejected_files(out_dir: Path, year: int) -> list[RejectedFile]:
    """In `year`'s folder: a note whose name names no source (unknown_source), a
    training file without its 学时 column (missing_column), and a workbook cut short in
    transfer (unreadable)."""
    folder = out_dir / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    note = folder / f"{year}年填报说明.txt"
    note.write_text("各省请于12月底前报送跟踪调查结果。\n", encoding="utf-8")
    no_hours = folder / f"培养记录_{year}_缺学时.csv"
    no_hours.write_text(
        "身份证号,活动日期,活动类型\r\n（示例）,2019-03-01,讲座\r\n", encoding="utf-8"
    )
    truncated = folder / f"考核_{year}_传输中断.xlsx"
    truncated.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 24)
    return [
        RejectedFile(f"{year}/{note.name}", year, "unknown_source"),
        RejectedFile(f"{year}/{no_hours.name}", year, "missing_column"),
        RejectedFile(f"{year}/{truncated.name}", year, "unreadable"),
    ]
