"""The clinics' daily model tokens in PostgreSQL (``model_token_use``): one row per clinic and day,
with the calls that spent them (each spend is one call's reading: the dashboard's model calls).

Every process adds what each model call used with one atomic upsert, so a clinic's budget
holds across replicas, workers and restarts.
"""

from __future__ import annotations

from datetime import date

from adapters.postgres.database import Database
from domain.ids import ClinicId


class PostgresModelTokens:
    """Implements ``ModelTokens``."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def used(self, clinic_id: ClinicId, day: date) -> int:
        async with self._database.pool.acquire() as connection:
            tokens = await connection.fetchval(
                "SELECT tokens FROM model_token_use WHERE clinic_id = $1 AND day = $2", clinic_id, day
            )
        return int(tokens or 0)

    async def spend(self, clinic_id: ClinicId, day: date, tokens: int) -> int:
        async with self._database.pool.acquire() as connection:
            total = await connection.fetchval(
                """
                INSERT INTO model_token_use (clinic_id, day, tokens, calls) VALUES ($1, $2, $3, 1)
                ON CONFLICT (clinic_id, day) DO UPDATE
                SET tokens = model_token_use.tokens + EXCLUDED.tokens, calls = model_token_use.calls + 1
                RETURNING tokens
                """,
                clinic_id,
                day,
                tokens,
            )
        return int(total)
