"""PurgeExpired: forget what each clinic keeps no longer than its retention periods say.

Message texts, transcripts and conversation history go after ``retention.messages`` (90 days by
default); delivery receipts after ``retention.receipts``; the log of what was sent after
``retention.outbound``. What booking still needs stays: appointments (clinical records, kept for
their own period), and a message's id where it turns a redelivery away. The worker runs it now and
then; each store purges in batches, so a run never holds one huge transaction and two workers
running it at once share the work. An audit entry per clinic counts what went, with no personal
data in it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from application.ports import (
    Actor,
    ActorKind,
    AuditAction,
    AuditEntry,
    AuditLog,
    ClinicDirectory,
    Clock,
    ExpiringRecords,
    Retained,
)
from domain.clinic import Clinic
from domain.privacy import Retention

log = logging.getLogger(__name__)

WORKER = Actor(ActorKind.SYSTEM, "worker")


@dataclass(frozen=True)
class PurgeExpired:
    """Apply every clinic's retention periods to every store that keeps what they cover."""

    clinics: ClinicDirectory
    stores: Sequence[ExpiringRecords]
    audit: AuditLog
    clock: Clock
    batch: int = 500
    most_batches: int = 1000  # per store and clinic and run: the next run goes on

    async def __call__(self) -> dict[str, dict[str, int]]:
        """What each clinic's run purged, by store (stores with nothing to purge are left out)."""
        purged: dict[str, dict[str, int]] = {}
        for clinic in await self.clinics.all():
            counts = await self.purge(clinic)
            if counts:
                purged[clinic.id] = counts
        return purged

    async def purge(self, clinic: Clinic) -> dict[str, int]:
        now = self.clock.now()
        counts: dict[str, int] = {}
        for store in self.stores:
            older_than = now - _period(clinic.privacy.retention, store.kept_for)
            done = 0
            for _ in range(self.most_batches):
                purged = await store.purge(clinic.id, older_than, self.batch)
                done += purged
                if purged < self.batch:
                    break
            if done:
                counts[store.name] = done
        if counts:
            detail = ", ".join(f"{name} {count}" for name, count in counts.items())
            await self.audit.record(
                AuditEntry(
                    clinic.id, now, WORKER, AuditAction.RETENTION_PURGED, "worker", "worker", detail=detail
                )
            )
            log.info("retention at %s: %s", clinic.id, detail)
        return counts


def _period(retention: Retention, kind: Retained) -> timedelta:
    match kind:
        case Retained.MESSAGES:
            return retention.messages
        case Retained.RECEIPTS:
            return retention.receipts
        case Retained.OUTBOUND:
            return retention.outbound
