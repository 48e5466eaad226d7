"""Button ids a patient can tap, parsed into commands. Taps never reach the NLU engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from application import texts_es as texts


class Command(StrEnum):
    CONFIRM = texts.CONFIRM_BOOKING
    EDIT = texts.EDIT_BOOKING
    CANCEL = texts.CANCEL_BOOKING
    RESET = texts.RESET
    START = texts.START_BOOKING
    PICK_DAY = "PICK_DAY"
    PICK_SLOT = "PICK_SLOT"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True, slots=True)
class Press:
    command: Command
    day: date | None = None
    doctor_id: str = ""
    starts_at: datetime | None = None


def parse_button(button_id: str) -> Press:
    """Read a button id; anything malformed or forged is UNKNOWN, never an exception."""
    plain = {
        c.value: c for c in (Command.CONFIRM, Command.EDIT, Command.CANCEL, Command.RESET, Command.START)
    }
    if button_id in plain:
        return Press(plain[button_id])
    try:
        if button_id.startswith(texts.DAY_PREFIX):
            return Press(Command.PICK_DAY, day=date.fromisoformat(button_id.removeprefix(texts.DAY_PREFIX)))
        if button_id.startswith(texts.SLOT_PREFIX):
            doctor_id, _, epoch = button_id.removeprefix(texts.SLOT_PREFIX).rpartition(":")
            if doctor_id:
                return Press(
                    Command.PICK_SLOT, doctor_id=doctor_id, starts_at=datetime.fromtimestamp(int(epoch), UTC)
                )
    except (ValueError, OverflowError, OSError):
        pass
    return Press(Command.UNKNOWN)
