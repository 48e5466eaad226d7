"""Claude's structured answers as JSON, for the unit tests and the fake Messages API alike."""

from __future__ import annotations

import json
from typing import Any

# Every field the output schema requires, set to "nothing said".
BLANK_READING: dict[str, Any] = {
    "action": "ask",
    "wants_booking": False,
    "date": None,
    "time": None,
    "time_of_day": None,
    "doctor_id": None,
    "specialty": None,
    "patient_name": None,
    "faq_index": None,
    "service_id": None,
    "asks": None,
    "for_whom": None,
}


def reading_json(**fields: Any) -> str:
    """A complete answer: the blank reading with ``fields`` filled in."""
    return json.dumps({**BLANK_READING, **fields}, ensure_ascii=False)
