"""A file the contract rejects whole, with a message a data steward can send back, in
English and in Chinese (the provinces read Chinese)."""

from __future__ import annotations


class FileRejected(Exception):
    """Raised by the readers; `reason` is one of contract.reasons.FILE_REJECT_REASONS."""

    def __init__(self, reason: str, message: str, rows_read: int | None = None, *, zh: str):
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.message_zh = zh
        self.rows_read = rows_read
