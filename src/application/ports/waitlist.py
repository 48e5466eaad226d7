"""Ports for the waitlist (``domain.waitlist``): its entries and the offers of freed times, in
the unit of work's transaction, so an entry, an offer or a booking commit together or not at all."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from domain.availability import Interval
from domain.ids import ClinicId, DoctorId, PatientAddress
from domain.waitlist import OfferState, WaitlistEntry, WaitlistOffer


class Waitlist(Protocol):
    async def add(self, entry: WaitlistEntry) -> bool:
        """Put ``entry`` on the list; False (nothing added) when the patient already waits for
        the same want."""
        ...

    async def update(self, entry: WaitlistEntry) -> None:
        """Store a changed entry (booked or left)."""
        ...

    async def of_patient(self, clinic_id: ClinicId, patient: PatientAddress) -> list[WaitlistEntry]:
        """The patient's waiting entries, oldest first."""
        ...

    async def waiting(self, clinic_id: ClinicId, first_day: date, last_day: date) -> list[WaitlistEntry]:
        """The clinic's waiting entries wanting a day in [first_day, last_day], oldest first."""
        ...

    async def offer(self, offer: WaitlistOffer) -> None:
        """Record an offer sent (it holds its time for its patient until it expires)."""
        ...

    async def offer_of(self, offer_id: str) -> WaitlistOffer | None: ...

    async def settle(self, offer_id: str, state: OfferState) -> bool:
        """An open offer taken or gone; False when it was no longer open (nothing changed)."""
        ...

    async def withdraw(
        self, clinic_id: ClinicId, doctor_id: DoctorId, start: datetime, end: datetime, taker: PatientAddress
    ) -> list[WaitlistOffer]:
        """The time [start, end) of this doctor was booked by ``taker``: their open offers of it are
        taken, every other open one overlapping it gone. The offers gone, to tell their patients."""
        ...

    async def held(
        self,
        clinic_id: ClinicId,
        doctor_ids: Sequence[DoctorId],
        start: datetime,
        end: datetime,
        now: datetime,
        *,
        excluding: PatientAddress | None = None,
    ) -> dict[DoctorId, list[Interval]]:
        """Time held by live offers of these doctors overlapping [start, end), except the times
        offered to ``excluding`` (still free for them, as for the others it was offered to)."""
        ...
