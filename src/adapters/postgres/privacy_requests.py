"""The register of patients' requests about their data in PostgreSQL (``privacy_requests``)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from asyncpg import Record

from adapters.postgres.database import Connection
from domain.ids import AddressKind, ClinicId, PatientAddress
from domain.privacy_requests import Channel, PrivacyRequest, Right

_COLUMNS = "id, clinic_id, kind, channel, patient, address_kind, address, received_at, due, answered_at"


class PostgresPrivacyRegister:
    """Implements ``PrivacyRegister`` on the unit of work's connection."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def add(self, request: PrivacyRequest) -> None:
        address = request.address
        await self._connection.execute(
            f"INSERT INTO privacy_requests ({_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",  # noqa: S608
            uuid.UUID(request.id),
            request.clinic_id,
            request.right.value,
            request.channel.value,
            request.patient,
            address.kind.value if address is not None else None,
            address.value if address is not None else None,
            request.received_at,
            request.due,
            request.answered_at,
        )

    async def pending(self, clinic_id: ClinicId, limit: int = 200) -> list[PrivacyRequest]:
        rows = await self._connection.fetch(
            f"SELECT {_COLUMNS} FROM privacy_requests WHERE clinic_id = $1 AND answered_at IS NULL "  # noqa: S608
            "ORDER BY due, received_at LIMIT $2",
            clinic_id,
            limit,
        )
        return [_request(row) for row in rows]

    async def recent(self, clinic_id: ClinicId, limit: int = 200) -> list[PrivacyRequest]:
        rows = await self._connection.fetch(
            f"SELECT {_COLUMNS} FROM privacy_requests WHERE clinic_id = $1 "  # noqa: S608
            "ORDER BY received_at DESC LIMIT $2",
            clinic_id,
            limit,
        )
        return [_request(row) for row in rows]

    async def answer(self, clinic_id: ClinicId, request_id: str, at: datetime) -> PrivacyRequest | None:
        try:
            key = uuid.UUID(request_id)
        except ValueError:
            return None
        row = await self._connection.fetchrow(
            f"UPDATE privacy_requests SET answered_at = coalesce(answered_at, $3) "  # noqa: S608
            f"WHERE id = $1 AND clinic_id = $2 RETURNING {_COLUMNS}",
            key,
            clinic_id,
            at,
        )
        return _request(row) if row is not None else None

    async def due_by(self, day: date, limit: int = 500) -> list[PrivacyRequest]:
        rows = await self._connection.fetch(
            f"SELECT {_COLUMNS} FROM privacy_requests WHERE answered_at IS NULL AND due <= $1 "  # noqa: S608
            "ORDER BY due, received_at LIMIT $2",
            day,
            limit,
        )
        return [_request(row) for row in rows]


def _request(row: Record) -> PrivacyRequest:
    kind, value = row["address_kind"], row["address"]
    return PrivacyRequest(
        id=str(row["id"]),
        clinic_id=ClinicId(row["clinic_id"]),
        right=Right(row["kind"]),
        channel=Channel(row["channel"]),
        patient=row["patient"],
        received_at=row["received_at"],
        due=row["due"],
        address=PatientAddress(value, AddressKind(kind)) if kind is not None and value is not None else None,
        answered_at=row["answered_at"],
    )
