"""The dashboard's figures in PostgreSQL: one grouped query over appointments (bookings made,
no-shows, reminder answers), ``conversation_events`` (conversations and hand-offs, recorded by
migration 0026's trigger) and ``model_token_use`` (calls and tokens), each by the clinic's day."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from adapters.postgres.database import Database
from application.ports.figures import Figure, RecordedFigures
from domain.figures import Counts, DayCounts
from domain.ids import ClinicId

# $1 clinic, $2 first day, $3 last day, $4 the clinic's IANA zone. Each instant is compared with
# the range's bounds in UTC (so the indexes on clinic_id and the instant serve), then grouped by
# its local day.
_DAYS = """
WITH bounds AS (
    SELECT $2::date::timestamp AT TIME ZONE $4 AS lo, ($3::date + 1)::timestamp AT TIME ZONE $4 AS hi
), made AS (
    SELECT (a.created_at AT TIME ZONE $4)::date AS day,
           count(*) FILTER (WHERE a.source = 'whatsapp') AS by_bot,
           count(*) FILTER (WHERE a.source = 'staff') AS by_staff
    FROM appointments a, bounds b
    WHERE a.clinic_id = $1 AND a.created_at >= b.lo AND a.created_at < b.hi
    GROUP BY 1
), missed AS (
    SELECT (a.starts_at AT TIME ZONE $4)::date AS day, count(*) AS no_shows
    FROM appointments a, bounds b
    WHERE a.clinic_id = $1 AND a.visit = 'no_show' AND a.starts_at >= b.lo AND a.starts_at < b.hi
    GROUP BY 1
), answered AS (
    SELECT (a.attendance_confirmed_at AT TIME ZONE $4)::date AS day, count(*) AS answers
    FROM appointments a, bounds b
    WHERE a.clinic_id = $1 AND a.attendance_confirmed_at >= b.lo AND a.attendance_confirmed_at < b.hi
    GROUP BY 1
), talks AS (
    SELECT day,
           count(*) FILTER (WHERE kind = 'conversation') AS conversations,
           count(*) FILTER (WHERE kind = 'handoff') AS handoffs
    FROM conversation_events
    WHERE clinic_id = $1 AND day BETWEEN $2 AND $3
    GROUP BY day
), model AS (
    SELECT day, calls, tokens FROM model_token_use WHERE clinic_id = $1 AND day BETWEEN $2 AND $3
)
SELECT day,
       coalesce(conversations, 0) AS conversations, coalesce(handoffs, 0) AS handoffs,
       coalesce(by_bot, 0) AS by_bot, coalesce(by_staff, 0) AS by_staff,
       coalesce(no_shows, 0) AS no_shows, coalesce(answers, 0) AS answers,
       coalesce(calls, 0) AS calls, coalesce(tokens, 0) AS tokens
FROM made
FULL JOIN missed USING (day)
FULL JOIN answered USING (day)
FULL JOIN talks USING (day)
FULL JOIN model USING (day)
ORDER BY day
"""


class PostgresDashboardFigures:
    """Implements ``DashboardFigures``."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def days(self, clinic_id: ClinicId, first: date, last: date, zone: ZoneInfo) -> RecordedFigures:
        async with self._database.pool.acquire() as connection:
            rows = await connection.fetch(_DAYS, clinic_id, first, last, zone.key)
            since = await connection.fetch("SELECT figure, since FROM figures_recorded_since")
        days = [
            DayCounts(
                row["day"],
                Counts(
                    conversations=row["conversations"],
                    handoffs=row["handoffs"],
                    booked_by_bot=row["by_bot"],
                    booked_by_staff=row["by_staff"],
                    no_shows=row["no_shows"],
                    reminder_answers=row["answers"],
                    model_calls=row["calls"],
                    model_tokens=row["tokens"],
                ),
            )
            for row in rows
        ]
        known = {figure.value for figure in Figure}
        return RecordedFigures(days, {Figure(r["figure"]): r["since"] for r in since if r["figure"] in known})
