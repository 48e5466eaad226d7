"""Recording what staff do, one way: who (an account, an API key, the CLI), at which clinic, by
which channel and from which client, at the clock's time; and reading it back, for admins."""

from __future__ import annotations

from dataclasses import dataclass

from application.ports import Actor, ActorKind, AuditAction, AuditEntry, AuditLog, AuditRecord, Clock
from domain.ids import ClinicId

MAX_PAGE = 500  # entries read at once
EXPORT_LIMIT = 10_000  # entries one export holds at most (the newest)


@dataclass(frozen=True, slots=True)
class Origin:
    """Who acts and from where: every entry a request records carries the same one."""

    clinic_id: ClinicId | None
    actor: Actor
    channel: str  # "console", "api", "cli"
    client: str | None = None  # the request's client address; "cli" for a command

    @classmethod
    def cli(cls, clinic_id: ClinicId | None) -> Origin:
        return cls(clinic_id, Actor(ActorKind.SYSTEM, "cli"), "cli", "cli")


@dataclass(frozen=True, slots=True)
class Audit:
    """The audit log as the use cases and handlers write it: entries built here, timed by the clock."""

    log: AuditLog
    clock: Clock

    async def record(
        self, origin: Origin, action: AuditAction, target: str | None = None, detail: str = ""
    ) -> None:
        await self.log.record(
            AuditEntry(
                clinic_id=origin.clinic_id,
                at=self.clock.now(),
                actor=origin.actor,
                action=action,
                channel=origin.channel,
                client=origin.client,
                target=target,
                detail=detail,
            )
        )

    async def entries(
        self, clinic_id: ClinicId, *, before: int | None = None, limit: int = 50
    ) -> list[AuditRecord]:
        """A page of the clinic's log, newest first (``before``: older than that sequence)."""
        return await self.log.entries(clinic_id, before=before, limit=max(1, min(limit, MAX_PAGE)))

    async def export(self, origin: Origin, clinic_id: ClinicId) -> list[AuditRecord]:
        """The clinic's log (its newest ``EXPORT_LIMIT`` entries), newest first; the export itself
        is recorded first, so that it appears in what it exports."""
        await self.record(origin, AuditAction.AUDIT_EXPORTED)
        found: list[AuditRecord] = []
        before: int | None = None
        while len(found) < EXPORT_LIMIT:
            page = await self.log.entries(clinic_id, before=before, limit=MAX_PAGE)
            found.extend(page)
            if len(page) < MAX_PAGE:
                break
            before = page[-1].sequence
        return found[:EXPORT_LIMIT]
