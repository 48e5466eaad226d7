"""The waitlist in PostgreSQL, inside a unit of work's transaction (``waitlist_entries``,
``waitlist_offers``; migration 0027).

Of two patients confirming one offered time at once, the appointments' exclusion constraint
decides (``PostgresAppointments.add``); the offers only say who was offered what. ``withdraw``
and ``settle`` change only open offers, so a patient told once that a time has gone is not
told again by the other side of a race.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

import asyncpg

from adapters.postgres.database import Connection
from adapters.postgres.holds import held_by_doctor
from domain.availability import Interval, Slot
from domain.ids import AddressKind, ClinicId, DoctorId, PatientAddress, ServiceId
from domain.waitlist import EntryState, OfferState, WaitlistEntry, WaitlistOffer, Want
from domain.when import DayPart

_ENTRY_COLUMNS = (
    "id, clinic_id, address_kind, address, person_name, day, part, at, doctor_id, service_id, state, "
    "created_at"
)
_OFFER_COLUMNS = (
    "id, entry_id, clinic_id, address_kind, address, doctor_id, starts_at, ends_at, created_at, "
    "expires_at, state"
)


def _entry(row: asyncpg.Record) -> WaitlistEntry:
    return WaitlistEntry(
        id=str(row["id"]),
        clinic_id=ClinicId(row["clinic_id"]),
        patient=PatientAddress(row["address"], AddressKind(row["address_kind"])),
        person_name=row["person_name"],
        want=Want(
            day=row["day"],
            part=DayPart(row["part"]) if row["part"] else None,
            at=row["at"],
            doctor_id=DoctorId(row["doctor_id"]) if row["doctor_id"] else None,
            service_id=ServiceId(row["service_id"]) if row["service_id"] else None,
        ),
        created_at=row["created_at"],
        state=EntryState(row["state"]),
    )


def _offer(row: asyncpg.Record) -> WaitlistOffer:
    return WaitlistOffer(
        id=str(row["id"]),
        entry_id=str(row["entry_id"]),
        clinic_id=ClinicId(row["clinic_id"]),
        patient=PatientAddress(row["address"], AddressKind(row["address_kind"])),
        slot=Slot(row["starts_at"], row["ends_at"], DoctorId(row["doctor_id"])),
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        state=OfferState(row["state"]),
    )


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


class PostgresWaitlist:
    """Implements ``Waitlist`` on the unit of work's connection."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def add(self, entry: WaitlistEntry) -> bool:
        want = entry.want
        status = await self._connection.execute(
            """
            INSERT INTO waitlist_entries (id, clinic_id, address_kind, address, person_name, day, part, at,
                                          doctor_id, service_id, state, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT DO NOTHING
            """,
            uuid.UUID(entry.id),
            entry.clinic_id,
            entry.patient.kind.value,
            entry.patient.value,
            entry.person_name,
            want.day,
            want.part.value if want.part else None,
            want.at,
            want.doctor_id,
            want.service_id,
            entry.state.value,
            entry.created_at,
        )
        return status.endswith(" 1")

    async def update(self, entry: WaitlistEntry) -> None:
        await self._connection.execute(
            "UPDATE waitlist_entries SET state = $2, person_name = $3, updated_at = now() WHERE id = $1",
            uuid.UUID(entry.id),
            entry.state.value,
            entry.person_name,
        )

    async def of_patient(self, clinic_id: ClinicId, patient: PatientAddress) -> list[WaitlistEntry]:
        rows = await self._connection.fetch(
            f"SELECT {_ENTRY_COLUMNS} FROM waitlist_entries "  # noqa: S608
            "WHERE clinic_id = $1 AND address_kind = $2 AND address = $3 AND state = 'waiting' "
            "ORDER BY created_at, id",
            clinic_id,
            patient.kind.value,
            patient.value,
        )
        return [_entry(row) for row in rows]

    async def waiting(self, clinic_id: ClinicId, first_day: date, last_day: date) -> list[WaitlistEntry]:
        rows = await self._connection.fetch(
            f"SELECT {_ENTRY_COLUMNS} FROM waitlist_entries "  # noqa: S608
            "WHERE clinic_id = $1 AND state = 'waiting' AND day BETWEEN $2 AND $3 ORDER BY created_at, id",
            clinic_id,
            first_day,
            last_day,
        )
        return [_entry(row) for row in rows]

    async def offer(self, offer: WaitlistOffer) -> None:
        slot = offer.slot
        await self._connection.execute(
            """
            INSERT INTO waitlist_offers (id, entry_id, clinic_id, address_kind, address, doctor_id,
                                         starts_at, ends_at, created_at, expires_at, state)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """,
            uuid.UUID(offer.id),
            uuid.UUID(offer.entry_id),
            offer.clinic_id,
            offer.patient.kind.value,
            offer.patient.value,
            slot.doctor_id,
            slot.starts_at,
            slot.ends_at,
            offer.created_at,
            offer.expires_at,
            offer.state.value,
        )

    async def offer_of(self, offer_id: str) -> WaitlistOffer | None:
        key = _uuid(offer_id)
        if key is None:  # a forged button id
            return None
        row = await self._connection.fetchrow(
            f"SELECT {_OFFER_COLUMNS} FROM waitlist_offers WHERE id = $1",  # noqa: S608
            key,
        )
        return _offer(row) if row is not None else None

    async def settle(self, offer_id: str, state: OfferState) -> bool:
        key = _uuid(offer_id)
        if key is None:
            return False
        status = await self._connection.execute(
            "UPDATE waitlist_offers SET state = $2 WHERE id = $1 AND state = 'open'", key, state.value
        )
        return status.endswith(" 1")

    async def withdraw(
        self, clinic_id: ClinicId, doctor_id: DoctorId, start: datetime, end: datetime, taker: PatientAddress
    ) -> list[WaitlistOffer]:
        rows = await self._connection.fetch(
            f"""
            UPDATE waitlist_offers
               SET state = CASE WHEN (address_kind, address) = ($5, $6) THEN 'taken' ELSE 'gone' END
            WHERE clinic_id = $1 AND doctor_id = $2 AND state = 'open' AND starts_at < $4 AND ends_at > $3
            RETURNING {_OFFER_COLUMNS}
            """,  # noqa: S608
            clinic_id,
            doctor_id,
            start,
            end,
            taker.kind.value,
            taker.value,
        )
        gone = [_offer(row) for row in rows if row["state"] == OfferState.GONE.value]
        return sorted(gone, key=lambda o: (o.created_at, o.id))

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
        rows = await self._connection.fetch(
            """
            SELECT DISTINCT o.doctor_id, o.starts_at, o.ends_at FROM waitlist_offers o
            WHERE o.clinic_id = $1 AND o.doctor_id = ANY($2::text[]) AND o.state = 'open'
              AND o.starts_at < $4 AND o.ends_at > $3 AND o.expires_at > $5
              AND NOT EXISTS (
                  SELECT 1 FROM waitlist_offers mine
                  WHERE mine.clinic_id = o.clinic_id AND mine.doctor_id = o.doctor_id
                    AND mine.starts_at = o.starts_at AND mine.state = 'open'
                    AND mine.address_kind = $6 AND mine.address = $7)
            ORDER BY o.starts_at
            """,
            clinic_id,
            list(doctor_ids),
            start,
            end,
            now,
            excluding.kind.value if excluding is not None else None,
            excluding.value if excluding is not None else None,
        )
        return held_by_doctor(rows, doctor_ids)
