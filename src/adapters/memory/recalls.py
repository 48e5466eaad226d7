"""Recall campaign records over the in-memory store, with the rules of the PostgreSQL query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from adapters.memory.store import InMemoryStore
from application.ports import RecallCandidate
from domain import consent
from domain.appointment import Appointment, AppointmentStatus
from domain.clinic import Clinic
from domain.ids import ClinicId, PatientAddress
from domain.outreach import RecallCampaign

RecallKey = tuple[ClinicId, str, PatientAddress, datetime]


@dataclass
class RecallRecord:
    status: str  # sending | sent | failed
    attempts: int = 1
    last_error: str | None = None


class InMemoryRecallLog:
    """Implements ``RecallLog`` for one process."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self.records: dict[RecallKey, RecallRecord] = {}

    async def candidates(
        self, clinic: Clinic, campaign: RecallCampaign, now: datetime
    ) -> list[RecallCandidate]:
        visits: dict[PatientAddress, Appointment] = {}
        upcoming: set[PatientAddress] = set()
        for appointment in self._store.appointments.values():
            if appointment.clinic_id != clinic.id or appointment.status is not AppointmentStatus.BOOKED:
                continue
            if appointment.starts_at > now:
                upcoming.add(appointment.patient)
            elif appointment.ends_at <= now and campaign.offers(appointment.service):
                last = visits.get(appointment.patient)
                if last is None or appointment.ends_at > last.ends_at:
                    visits[appointment.patient] = appointment
        cutoff = campaign.last_visit_before(now)
        found: list[RecallCandidate] = []
        for address, visit in visits.items():
            patient = self._store.patients.get((clinic.id, address))
            if visit.ends_at >= cutoff or address in upcoming:
                continue
            if patient is not None and not patient.takes_recalls(now):
                continue
            if not self._consented(clinic, address):
                continue
            snoozed = patient.recall_snoozed_until if patient is not None else None
            cycle = max(visit.ends_at, snoozed) if snoozed is not None else visit.ends_at
            record = self.records.get((clinic.id, campaign.id, address, cycle))
            if record is not None and record.status != "failed":
                continue
            session = self._store.sessions.get((clinic.id, address))
            language = session.language if session is not None else None
            found.append(RecallCandidate(address, visit.patient_name, visit.ends_at, cycle, language))
        return sorted(found, key=lambda c: c.last_visit_at)

    def _consented(self, clinic: Clinic, address: PatientAddress) -> bool:
        answers = [c for c in self._store.consents if (c.clinic_id, c.patient) == (clinic.id, address)]
        return consent.in_force(answers[-1] if answers else None, clinic.privacy.notice)

    async def claim(
        self, clinic_id: ClinicId, campaign_id: str, candidate: RecallCandidate, now: datetime
    ) -> bool:
        key = (clinic_id, campaign_id, candidate.patient, candidate.cycle_start)
        record = self.records.get(key)
        if record is None:
            self.records[key] = RecallRecord("sending")
            return True
        if record.status == "failed":
            record.status, record.attempts = "sending", record.attempts + 1
            return True
        return False

    async def sent(
        self, clinic_id: ClinicId, campaign_id: str, candidate: RecallCandidate, now: datetime
    ) -> None:
        self.records[(clinic_id, campaign_id, candidate.patient, candidate.cycle_start)].status = "sent"

    async def failed(
        self, clinic_id: ClinicId, campaign_id: str, candidate: RecallCandidate, error: str
    ) -> None:
        record = self.records[(clinic_id, campaign_id, candidate.patient, candidate.cycle_start)]
        record.status, record.last_error = "failed", error
