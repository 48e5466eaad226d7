"""Implements ``Waitlist`` in process memory: a unit of work's writes are staged, read back by
that unit, and kept in the store on commit, as a PostgreSQL transaction would."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from domain.availability import Interval
from domain.ids import ClinicId, DoctorId, PatientAddress
from domain.waitlist import OfferState, WaitlistEntry, WaitlistOffer


@dataclass
class WaitlistState:
    """The committed entries and offers, by id."""

    entries: dict[str, WaitlistEntry] = field(default_factory=dict)
    offers: dict[str, WaitlistOffer] = field(default_factory=dict)

    def erase(self, clinic_id: ClinicId, addresses: set[PatientAddress]) -> None:
        gone = {k for k, e in self.entries.items() if e.clinic_id == clinic_id and e.patient in addresses}
        for key in gone:
            del self.entries[key]
        for key in [k for k, o in self.offers.items() if o.entry_id in gone]:
            del self.offers[key]


class InMemoryWaitlist:
    def __init__(self, state: WaitlistState) -> None:
        self._state = state
        self.entries: dict[str, WaitlistEntry] = {}
        self.offers: dict[str, WaitlistOffer] = {}

    def _entries(self) -> list[WaitlistEntry]:
        return list({**self._state.entries, **self.entries}.values())

    def _offers(self) -> list[WaitlistOffer]:
        return list({**self._state.offers, **self.offers}.values())

    async def add(self, entry: WaitlistEntry) -> bool:
        if any(
            e.waiting and (e.clinic_id, e.patient, e.want) == (entry.clinic_id, entry.patient, entry.want)
            for e in self._entries()
        ):
            return False
        self.entries[entry.id] = entry
        return True

    async def update(self, entry: WaitlistEntry) -> None:
        self.entries[entry.id] = entry

    async def of_patient(self, clinic_id: ClinicId, patient: PatientAddress) -> list[WaitlistEntry]:
        return _oldest_first(
            e for e in self._entries() if e.waiting and e.clinic_id == clinic_id and e.patient == patient
        )

    async def waiting(self, clinic_id: ClinicId, first_day: date, last_day: date) -> list[WaitlistEntry]:
        return _oldest_first(
            e
            for e in self._entries()
            if e.waiting and e.clinic_id == clinic_id and first_day <= e.want.day <= last_day
        )

    async def offer(self, offer: WaitlistOffer) -> None:
        self.offers[offer.id] = offer

    async def offer_of(self, offer_id: str) -> WaitlistOffer | None:
        return self.offers.get(offer_id) or self._state.offers.get(offer_id)

    async def settle(self, offer_id: str, state: OfferState) -> bool:
        offer = await self.offer_of(offer_id)
        if offer is None or offer.state is not OfferState.OPEN:
            return False
        self.offers[offer_id] = replace(offer, state=state)
        return True

    async def withdraw(
        self, clinic_id: ClinicId, doctor_id: DoctorId, start: datetime, end: datetime, taker: PatientAddress
    ) -> list[WaitlistOffer]:
        wanted = Interval(start, end)
        changed = [
            replace(o, state=OfferState.TAKEN if o.patient == taker else OfferState.GONE)
            for o in self._offers()
            if o.state is OfferState.OPEN
            and (o.clinic_id, o.slot.doctor_id) == (clinic_id, doctor_id)
            and o.slot.interval.overlaps(wanted)
        ]
        self.offers.update({o.id: o for o in changed})
        return sorted((o for o in changed if o.state is OfferState.GONE), key=lambda o: (o.created_at, o.id))

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
        window = Interval(start, end)
        live = [o for o in self._offers() if o.clinic_id == clinic_id and o.lasts(now)]
        theirs = {o.slot for o in live if o.patient == excluding}
        held: dict[DoctorId, list[Interval]] = {doctor_id: [] for doctor_id in doctor_ids}
        for offer in live:
            if (
                offer.slot.doctor_id in held
                and offer.slot not in theirs
                and offer.slot.interval.overlaps(window)
            ):
                held[offer.slot.doctor_id].append(offer.slot.interval)
        return held

    def apply(self) -> None:
        self._state.entries.update(self.entries)
        self._state.offers.update(self.offers)
        self.entries, self.offers = {}, {}


def _oldest_first(entries: Iterable[WaitlistEntry]) -> list[WaitlistEntry]:
    return sorted(entries, key=lambda e: (e.created_at, e.id))
