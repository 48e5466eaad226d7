"""Holds on offered times in PostgreSQL, inside a unit of work's transaction (``slot_holds``).

The exclusion constraint ``slot_holds_no_overlap`` is the guard: of two transactions holding
one doctor's time at once, the second waits for the first and, once it commits, is refused
(it gets the time if the first rolls back). Expired holds stay in the table until someone
holds time they overlap, or their holder holds again: ``hold`` deletes them first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import asyncpg
from asyncpg import Record

from adapters.postgres.database import Connection
from domain.availability import Interval
from domain.holds import Hold
from domain.ids import ClinicId, DoctorId, PatientAddress

# A clash with another holder's live hold, a second hold of the same holder being taken at once
# elsewhere, or two holds waiting on each other (PostgreSQL fails one): each means "not yours".
_REFUSED = (asyncpg.ExclusionViolationError, asyncpg.UniqueViolationError, asyncpg.DeadlockDetectedError)


class PostgresSlotHolds:
    """Implements ``SlotHolds`` on the unit of work's connection."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def hold(self, hold: Hold, now: datetime) -> bool:
        slot, holder = hold.slot, hold.holder
        try:
            # A savepoint: a refused hold undoes only itself, the unit of work stays usable.
            async with self._connection.transaction():
                # The holder's previous hold, and expired holds in the way: neither blocks anyone.
                await self._connection.execute(
                    """
                    DELETE FROM slot_holds
                    WHERE clinic_id = $1
                      AND ((address_kind = $2 AND address = $3)
                           OR (doctor_id = $4 AND during && tstzrange($5, $6, '[)') AND expires_at <= $7))
                    """,
                    hold.clinic_id,
                    holder.kind.value,
                    holder.value,
                    slot.doctor_id,
                    slot.starts_at,
                    slot.ends_at,
                    now,
                )
                await self._connection.execute(
                    """
                    INSERT INTO slot_holds (clinic_id, doctor_id, address_kind, address,
                                            starts_at, ends_at, expires_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)
                    """,
                    hold.clinic_id,
                    slot.doctor_id,
                    holder.kind.value,
                    holder.value,
                    slot.starts_at,
                    slot.ends_at,
                    hold.expires_at,
                )
        except _REFUSED:
            return False
        return True

    async def release(self, clinic_id: ClinicId, holder: PatientAddress) -> None:
        await self._connection.execute(
            "DELETE FROM slot_holds WHERE clinic_id = $1 AND address_kind = $2 AND address = $3",
            clinic_id,
            holder.kind.value,
            holder.value,
        )

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
        # The leading columns of the exclusion constraint's GiST index, as in ``busy``.
        rows = await self._connection.fetch(
            """
            SELECT doctor_id, starts_at, ends_at FROM slot_holds
            WHERE clinic_id = $1 AND doctor_id = ANY($2::text[])
              AND during && tstzrange($3, $4, '[)') AND expires_at > $5
              AND (address_kind, address) IS DISTINCT FROM ($6::text, $7::text)
            ORDER BY starts_at
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


def held_by_doctor(rows: Iterable[Record], doctor_ids: Iterable[DoctorId]) -> dict[DoctorId, list[Interval]]:
    """Rows of ``doctor_id, starts_at, ends_at`` as each doctor's held times (a doctor with none: [])."""
    held: dict[DoctorId, list[Interval]] = {doctor_id: [] for doctor_id in doctor_ids}
    for row in rows:
        held[DoctorId(row["doctor_id"])].append(Interval(row["starts_at"], row["ends_at"]))
    return held
