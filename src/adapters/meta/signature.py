"""Authenticity checks for Meta's webhook: the body signature and the GET handshake token.

Meta signs every POST with ``X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>``, keyed with
the app secret. Anyone can reach a public webhook URL, so a delivery is trusted only once its signature
verifies against the exact bytes received (before any JSON parsing, which would not round-trip them).

Meta writes the hex digest in lowercase. ``verify_signature`` also accepts uppercase hex: the case is only
a spelling of the same 256-bit value, so accepting it admits no forgery, and it spares a confusing
rejection if a proxy or a tool normalises the header. The ``sha256=`` prefix itself must be exact.
"""

from __future__ import annotations

import hashlib
import hmac
import re

SIGNATURE_HEADER = "X-Hub-Signature-256"
_PREFIX = "sha256="
# Exactly 64 hex digits. Checked before bytes.fromhex, which would also accept embedded spaces.
_HEX_DIGEST = re.compile(r"[0-9a-fA-F]{64}")


def _digest(app_secret: str, body: bytes) -> bytes:
    return hmac.new(app_secret.encode("utf-8", "surrogatepass"), body, hashlib.sha256).digest()


def sign(app_secret: str, body: bytes) -> str:
    """The ``X-Hub-Signature-256`` value Meta would send for ``body``, for tests and tools that fake Meta."""
    return _PREFIX + _digest(app_secret, body).hex()


def well_formed(header: str) -> bool:
    """Whether ``header`` could be a signature at all (``sha256=`` and 64 hex digits): checked
    before the body is even read, so garbage costs nothing but this."""
    return header.startswith(_PREFIX) and _HEX_DIGEST.fullmatch(header[len(_PREFIX) :]) is not None


def verify_signature(app_secret: str, body: bytes, header: str | None) -> bool:
    """Whether ``header`` is Meta's signature of ``body`` under ``app_secret``; never raises.

    False for a missing header, a wrong prefix, a digest that is not 64 hex digits, a wrong digest, and an
    empty app secret (a misconfiguration that must not turn into "anyone can sign"). The comparison is in
    constant time so the digest cannot be guessed byte by byte from response times.
    """
    if not app_secret or header is None or not header.startswith(_PREFIX):
        return False
    given = header[len(_PREFIX) :]
    if _HEX_DIGEST.fullmatch(given) is None:
        return False
    return hmac.compare_digest(bytes.fromhex(given), _digest(app_secret, body))


def verify_token_matches(expected: str, given: str | None) -> bool:
    """Whether the ``hub.verify_token`` of Meta's GET handshake is ours, compared in constant time.

    False when nothing was given or when no token is configured, so an unset token never matches an empty
    one. Compares UTF-8 bytes because ``hmac.compare_digest`` raises on non-ASCII ``str`` (and
    ``surrogatepass`` keeps a lone surrogate from a badly decoded query string from raising either).
    """
    if not expected or given is None:
        return False
    return hmac.compare_digest(
        expected.encode("utf-8", "surrogatepass"), given.encode("utf-8", "surrogatepass")
    )
