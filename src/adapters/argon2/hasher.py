"""Staff passwords hashed with argon2id (argon2-cffi's defaults, RFC 9106's low-memory choice).

Hashing is slow on purpose (tens of milliseconds, 64 MiB): it runs in a worker thread, so the
event loop keeps serving while a password is checked.
"""

from __future__ import annotations

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Argon2PasswordHasher:
    """Implements ``PasswordHasher``. A hash says its own parameters, so a hash made with older
    ones still verifies, and ``needs_rehash`` says it should be made again."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hasher.hash, password)

    async def verify(self, hashed: str, password: str) -> bool:
        try:
            return await asyncio.to_thread(self._hasher.verify, hashed, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, hashed: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(hashed)
        except InvalidHashError:
            return True
