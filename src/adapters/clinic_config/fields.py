"""How the clinic file's reader names a bad value: its place in the file and why, on one line."""

from __future__ import annotations

import json


class FieldError(Exception):
    """One bad value, with its place in the file; ``parse_clinic`` adds the file name."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")


def quote(text: str) -> str:
    """A value as written, in double quotes, with newlines escaped so the message stays on one line."""
    return json.dumps(text, ensure_ascii=False)
