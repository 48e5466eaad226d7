"""Keyed hashes that stand for a patient's address or a message id wherever the real one must not go.

Redis keys, log lines and console sessions need a stable name for "this patient" or "this message"
without holding the phone number: a wamid is base64 with the sender's number inside, and a plain
SHA-256 of a phone number is reversed by hashing every number of a country (about 10^9 tries). An
HMAC under a secret key (``CLINICFLOW_HASH_KEY``) cannot be enumerated without the key. Every
process that shares Redis must share the key; names change with it, so rotating it only makes
short-lived state (locks, the 24 h dedup cache, console read marks) start afresh.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

from domain.ids import MessageId, PatientAddress

MIN_KEY_LENGTH = 32


@dataclass(frozen=True)
class Pseudonyms:
    """HMAC-SHA256 names, truncated: 128 bits for keys that must never collide, 64 bits for logs."""

    key: bytes = field(repr=False)

    @classmethod
    def random(cls) -> Pseudonyms:
        """A key of this process's own: fine while nothing it names is shared with another process."""
        return cls(secrets.token_bytes(32))

    def of(self, purpose: str, value: str, *, length: int = 32) -> str:
        """``value``'s name for ``purpose`` (a different purpose never gives the same name)."""
        mac = hmac.new(self.key, f"{purpose}\x00{value}".encode(), hashlib.sha256)
        return mac.hexdigest()[:length]

    def patient(self, patient: PatientAddress) -> str:
        """The patient's name in keys and stored state: 32 hex characters."""
        return self.of("patient", f"{patient.kind.value}:{patient.value}")

    def message(self, message_id: MessageId | str) -> str:
        """A message id's name in keys and logs: 16 hex characters, enough to follow one message."""
        return self.of("message", message_id, length=16)

    def message_key(self, message_id: MessageId | str) -> str:
        """A message id's name where it is kept for good (the inbox's dedup record, the sent messages'
        log): all 64 hex characters, so two of Meta's ids never share one in years of rows."""
        return self.of("message-key", message_id, length=64)
