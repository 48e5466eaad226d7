"""Message ids shaped as Meta's: ``wamid.`` and base64 holding the patient's number in clear.

``wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3NTdBRTBGQkU0QjI3NUFCRTgA`` decodes to
``\\x1c\\x18\\x0b16503879439\\x15\\x02\\x00\\x11\\x18\\x12757AE0FBE4B275ABE8\\x00``: whoever reads
a wamid reads the number. Tests use these to show that no id reaches a log or a Redis key.
"""

from __future__ import annotations

import base64
import hashlib
import secrets


def wamid(phone: str) -> str:
    """A fresh id of a message to or from ``phone``, as Meta makes them."""
    number = phone.removeprefix("+").encode()
    tail = secrets.token_hex(10).upper().encode()
    raw = b"\x1c\x18" + bytes([len(number)]) + number + b"\x15\x02\x00\x12\x18\x14" + tail + b"\x00"
    return "wamid." + base64.b64encode(raw).decode()


def phone_in(message_id: str) -> str:
    """The number a wamid carries (what anyone holding the id can read)."""
    raw = base64.b64decode(message_id.removeprefix("wamid."))
    return raw[3 : 3 + raw[2]].decode()


def plain_digest(phone: str) -> str:
    """The unkeyed SHA-256 of a phone address, as Redis keys once held it (32 hex): found by
    hashing every number of a country."""
    return hashlib.sha256(f"phone:{phone}".encode()).hexdigest()[:32]
