"""A quick stand-in for the password hasher, for unit tests: salted SHA-256, never for real use."""

from __future__ import annotations

import hashlib
import hmac
import secrets


class QuickPasswordHasher:
    """Implements ``PasswordHasher`` in microseconds; ``version`` plays argon2's parameters (a hash
    of another version needs rehashing)."""

    def __init__(self, version: int = 1) -> None:
        self.version = version
        self.hashed = 0  # how many hashes were made

    async def hash(self, password: str) -> str:
        self.hashed += 1
        salt = secrets.token_hex(8)
        return f"$quick$v={self.version}${salt}${self._digest(salt, password)}"

    async def verify(self, hashed: str, password: str) -> bool:
        try:
            _, _, _, salt, digest = hashed.split("$")
        except ValueError:
            return False
        return hmac.compare_digest(digest, self._digest(salt, password))

    def needs_rehash(self, hashed: str) -> bool:
        return not hashed.startswith(f"$quick$v={self.version}$")

    @staticmethod
    def _digest(salt: str, password: str) -> str:
        return hashlib.sha256(f"{salt}:{password}".encode()).hexdigest()
