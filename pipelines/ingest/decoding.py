"""Turning a delivered CSV's bytes into text: UTF-8 (with or without BOM) or GB18030/GBK,
as Excel and WPS write them on Chinese Windows."""

from __future__ import annotations

import codecs

import charset_normalizer

from pipelines.ingest.rejections import FileRejected


def decode_csv(data: bytes, file_path: str) -> tuple[bytes, str]:
    """UTF-8 bytes of the file (BOM removed) and the encoding it was delivered in.

    UTF-8 is tried first because valid UTF-8 is almost never valid-looking GB18030 by
    accident, while the reverse often holds; a file that is neither goes to
    charset-normalizer, and one it cannot place is unreadable."""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    # The whole file, not its head: a file cut short and padded with zero bytes (a copy
    # interrupted on a network drive) is damaged wherever the zeros start.
    nul = -1 if utf16 else data.find(b"\x00")
    if nul >= 0:
        raise FileRejected(
            "unreadable", f"{file_path}: a zero byte at byte {nul + 1}: binary content or a damaged file, not CSV text",
            zh=f"{file_path}：第 {nul + 1} 字节为零字节：二进制内容或文件已损坏，不是 CSV 文本",
        )
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8):]
        _check_utf8(body, file_path)
        return body, "utf-8-sig"
    if utf16:
        return _reencode(data, "utf-16", file_path), "utf-16"
    try:
        data.decode("utf-8")
        return data, "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030").encode("utf-8"), "gb18030"
    except UnicodeDecodeError:
        pass
    guess = charset_normalizer.from_bytes(data[:1 << 20]).best()
    if guess is None:
        raise FileRejected("unreadable", f"{file_path}: not text in any known encoding",
                           zh=f"{file_path}：不是任何已知编码的文本")
    return _reencode(data, guess.encoding, file_path), guess.encoding


def _check_utf8(body: bytes, file_path: str) -> None:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FileRejected(
            "unreadable", f"{file_path}: starts with a UTF-8 mark but byte {error.start} is not UTF-8",
            zh=f"{file_path}：以 UTF-8 标记开头，但第 {error.start} 字节不是 UTF-8",
        ) from None


def _reencode(data: bytes, encoding: str, file_path: str) -> bytes:
    try:
        return data.decode(encoding).lstrip("\ufeff").encode("utf-8")
    except (UnicodeDecodeError, LookupError):
        raise FileRejected("unreadable", f"{file_path}: cannot be decoded as {encoding}",
                           zh=f"{file_path}：无法按 {encoding} 编码解读") from None
