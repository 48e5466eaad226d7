"""Erasing a patient in process memory: what the PostgreSQL adapter deletes, on the store's dicts.

The erasure is staged and applied at commit, after the turn's messages were marked handled and
before its replies are queued: the patient's last message ("your data was erased") is sent, and
the messages that asked for the erasure go with everything else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.memory.privacy_requests import forget_addresses
from application.ports import KeptData, KeptMessage
from domain.appointment import AppointmentStatus
from domain.erasure import Erased, ErasurePlan
from domain.ids import ClinicId, PatientAddress

if TYPE_CHECKING:
    from adapters.memory.store import InMemoryStore


def identifiers(store: InMemoryStore, clinic_id: ClinicId, patient: PatientAddress) -> set[PatientAddress]:
    """Every identifier the patient is known by at the clinic: theirs, and the linked ones."""
    identity = store.aliases.get((clinic_id, patient), patient)
    linked = {
        alias for (clinic, alias), kept in store.aliases.items() if clinic == clinic_id and kept == identity
    }
    return {patient, identity, *linked}


def erase(store: InMemoryStore, clinic_id: ClinicId, patient: PatientAddress, plan: ErasurePlan) -> Erased:
    """Apply one erasure to the committed state."""
    mine = identifiers(store, clinic_id, patient)
    keys = {(clinic_id, address) for address in mine}
    kept = cancelled = 0
    for appointment_id, appointment in list(store.appointments.items()):
        if appointment.clinic_id != clinic_id or appointment.patient not in mine:
            continue
        for job_id in [j for j, job in store.jobs.items() if job.reminder.appointment_id == appointment_id]:
            del store.jobs[job_id]
        if plan.keeps(appointment):
            plan.kept(appointment)
            kept += 1
            continue
        if appointment.status is AppointmentStatus.BOOKED and appointment.starts_at > plan.now:
            cancelled += 1
        del store.appointments[appointment_id]
    for key in keys:
        store.sessions.pop(key, None)
        store.patients.pop(key, None)
        store.holds.pop(key, None)
    for key, identity in list(store.aliases.items()):
        if key in keys or (clinic_id, identity) in keys:
            del store.aliases[key]
    store.consents = [c for c in store.consents if (c.clinic_id, c.patient) not in keys]
    store.waitlist.erase(clinic_id, set(mine))
    inbox = store.inbox
    for message_id, row in list(inbox.pending.items()):
        if row.message.clinic_id == clinic_id and ({row.message.sender, row.message.also} & mine):
            del inbox.pending[message_id]
            inbox.files.pop(message_id, None)
    outbox = store.outbox
    for rows in (outbox.pending, outbox.recent):
        for reply_id in [i for i, row in rows.items() if row.clinic_id == clinic_id and row.to in mine]:
            del rows[reply_id]
    for failed in [r for r in outbox.failed if r.clinic_id == clinic_id and r.to in mine]:
        outbox.failed.remove(failed)
    forget_addresses(store.privacy_requests, clinic_id, set(mine))
    return Erased(records_kept=kept, upcoming_cancelled=cancelled)


class StagedErasures:
    """Implements ``PatientData`` for an in-memory unit of work: erasures applied at commit."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self.staged: list[tuple[ClinicId, PatientAddress, ErasurePlan]] = []

    async def export(self, clinic_id: ClinicId, patient: PatientAddress) -> KeptData:
        """What the store keeps: handled messages keep only their ids here, so only waiting ones show."""
        store = self._store
        mine = identifiers(store, clinic_id, patient)
        appointments = sorted(
            (a for a in store.appointments.values() if a.clinic_id == clinic_id and a.patient in mine),
            key=lambda a: a.starts_at,
        )
        messages = [
            KeptMessage(row.message.sent_at, "in", row.message.kind.value, row.message.readable, "pending")
            for row in store.inbox.pending.values()
            if row.message.clinic_id == clinic_id and row.message.sender in mine
        ]
        outbox = store.outbox
        for status, rows in (
            ("pending", outbox.pending.values()),
            ("sent", outbox.recent.values()),
            ("failed", outbox.failed),
        ):
            messages += [
                KeptMessage(row.available_at, "out", type(row.message).__name__, row.message.body, status)
                for row in rows
                if row.clinic_id == clinic_id and row.to in mine
            ]
        return KeptData(
            tuple(sorted(mine, key=lambda a: (a.kind.value, a.value))), tuple(appointments), tuple(messages)
        )

    async def erase(self, clinic_id: ClinicId, patient: PatientAddress, plan: ErasurePlan) -> Erased:
        self.staged.append((clinic_id, patient, plan))
        mine = identifiers(self._store, clinic_id, patient)
        appointments = [
            a for a in self._store.appointments.values() if a.clinic_id == clinic_id and a.patient in mine
        ]
        return Erased(
            records_kept=sum(plan.keeps(a) for a in appointments),
            upcoming_cancelled=sum(
                a.status is AppointmentStatus.BOOKED and a.starts_at > plan.now for a in appointments
            ),
        )

    def apply(self, store: InMemoryStore) -> None:
        for clinic_id, patient, plan in self.staged:
            erase(store, clinic_id, patient, plan)
