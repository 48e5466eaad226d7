"""Ports for the alerts sent when a conversation needs a person: staged with the turn, sent by the
worker to the clinic's webhook until its receiver takes them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from domain.handoff import NeedReason
from domain.ids import ClinicId


@dataclass(frozen=True, slots=True)
class HandoffAlert:
    """What the clinic's webhook receives: no phone number, name or text; the conversation is
    named by its keyed hash (``Pseudonyms.patient``)."""

    clinic_id: ClinicId
    reason: NeedReason
    conversation: str
    at: datetime


@dataclass(frozen=True, slots=True)
class QueuedAlert:
    id: int
    alert: HandoffAlert
    attempts: int  # tries before this one


class StagedAlerts(Protocol):
    async def add(self, alert: HandoffAlert, now: datetime) -> None:
        """Queue the alert, sent once the unit of work commits."""
        ...


class AlertQueue(Protocol):
    async def claim(self, now: datetime, lease: timedelta, limit: int) -> list[QueuedAlert]:
        """Alerts due now and held by nobody, held for ``lease``."""
        ...

    async def sent(self, alert_id: int, at: datetime) -> None: ...

    async def retry(self, alert_id: int, at: datetime, error: str) -> None:
        """Tried and failed: again at ``at``."""
        ...

    async def failed(self, alert_id: int, at: datetime, error: str) -> None:
        """Given up on."""
        ...


class AlertNotDelivered(Exception):
    """The receiver did not take the alert (away, an error status, no answer)."""


class AlertWebhook(Protocol):
    async def post(self, url: str, alert: HandoffAlert) -> None:
        """POST the alert, signed; raises ``AlertNotDelivered`` unless the receiver took it (2xx)."""
        ...
