"""Ports for forgetting on time: each store's records that a clinic's retention period applies to."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Protocol

from domain.ids import ClinicId


class Retained(StrEnum):
    """Which of a clinic's periods (``domain.privacy.Retention``) applies to a kind of record."""

    MESSAGES = "messages"  # message texts, transcripts, conversation history
    RECEIPTS = "receipts"  # delivery receipts of sent messages
    OUTBOUND = "outbound"  # the log of what was sent, and to whom


class ExpiringRecords(Protocol):
    """One store's records of one kind: what the worker deletes (or blanks) once older than the
    clinic's period. ``purge`` works in small batches, each its own transaction, skipping rows
    another worker holds, so several workers may run it at once and a run may be repeated."""

    @property
    def name(self) -> str:
        """What the audit entry counts them as ("inbound_texts", "outbound_log"...)."""
        ...

    @property
    def kept_for(self) -> Retained: ...

    async def purge(self, clinic_id: ClinicId, older_than: datetime, limit: int) -> int:
        """Delete or blank at most ``limit`` of the clinic's records written before ``older_than``;
        how many it did (fewer than ``limit``: none are left)."""
        ...
