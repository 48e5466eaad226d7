"""Port for the audit log: who did what, when and from where, kept append-only.

An entry never holds a phone number, a user id, a name or a message text: a patient is named by
their keyed hash (``Pseudonyms.patient``), so the log outlives an erasure without identifying
anyone to whoever reads it without the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from domain.ids import ClinicId


class AuditAction(StrEnum):
    """What an entry records. The values are stored: add new ones, never rename one."""

    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    CONVERSATION_OPENED = "conversation_opened"
    REPLY_SENT = "reply_sent"
    CONVERSATION_TAKEN = "conversation_taken"  # the bot paused: staff answer this patient
    CONVERSATION_RETURNED = "conversation_returned"  # handed back to the bot
    APPOINTMENT_BOOKED = "appointment_booked"
    APPOINTMENT_MOVED = "appointment_moved"
    APPOINTMENT_CANCELLED = "appointment_cancelled"
    VISIT_RECORDED = "visit_recorded"  # attended, no-show
    NUMBER_BLOCKED = "number_blocked"
    NUMBER_UNBLOCKED = "number_unblocked"
    BOT_SWITCHED = "bot_switched"
    SETTINGS_CHANGED = "settings_changed"
    SETTINGS_EXPORTED = "settings_exported"  # the clinic's file downloaded (it lists blocked numbers)
    PATIENT_EXPORTED = "patient_exported"
    PATIENT_ERASED = "patient_erased"
    PATIENT_RECTIFIED = "patient_rectified"
    PRIVACY_REQUEST_RECEIVED = "privacy_request_received"
    PRIVACY_REQUEST_ANSWERED = "privacy_request_answered"
    ACCOUNT_INVITED = "account_invited"
    ACCOUNT_ACTIVATED = "account_activated"
    ACCOUNT_DEACTIVATED = "account_deactivated"
    ACCOUNT_ROLE_CHANGED = "account_role_changed"
    SECOND_FACTOR_ENABLED = "second_factor_enabled"
    KEY_ISSUED = "key_issued"
    KEY_REVOKED = "key_revoked"
    AUDIT_EXPORTED = "audit_exported"
    RETENTION_PURGED = "retention_purged"
    FILE_REVIEWED = "file_reviewed"  # staff opened a file a conversation waited on


class ActorKind(StrEnum):
    ACCOUNT = "account"  # a person signed in with e-mail and password: id is the account's id
    API_KEY = "api_key"  # a machine: id is the key's id
    PATIENT = "patient"  # by chat: id is the patient's keyed hash
    SYSTEM = "system"  # the worker, a CLI command: id says which ("worker", "cli")
    ANONYMOUS = "anonymous"  # a failed sign-in: id is what was tried as a name, hashed, or ""


@dataclass(frozen=True, slots=True)
class Actor:
    kind: ActorKind
    id: str


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One thing done. ``client`` is where it came from: the staff member's IP address (kept: it is
    what an audit is for), "whatsapp" for a patient, "cli" or "worker"; ``target`` what it was done
    to (an appointment id, a patient's keyed hash, an account id); ``detail`` a short note with no
    personal data in it."""

    clinic_id: ClinicId | None
    at: datetime
    actor: Actor
    action: AuditAction
    channel: str  # "console", "api", "whatsapp", "cli", "worker"
    client: str | None = None
    target: str | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """A stored entry, with its place in the log (ascending, never reused)."""

    sequence: int
    entry: AuditEntry


class AuditLog(Protocol):
    """Append-only: entries are added and read, never changed or removed."""

    async def record(self, entry: AuditEntry) -> None: ...

    async def entries(
        self, clinic_id: ClinicId, *, before: int | None = None, limit: int = 100
    ) -> list[AuditRecord]:
        """The clinic's entries, newest first; ``before``: only those older than that sequence."""
        ...
