"""A file the contract rejects whole, with a message a data steward can send back."""

from __future__ import annotations


class FileRejected(Exception):
    """Raised by the readers; `reason` is one of contract.reasons.FILE_REJECT_REASONS."""

    def __init__(self, reason: str, message: str, rows_read: int | None = None):
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.rows_read = rows_read
