"""Reminders of an appointment, due a fixed time before it starts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.appointment import Appointment
from domain.ids import AppointmentId

DEFAULT_OFFSETS = (timedelta(hours=24), timedelta(hours=1))


@dataclass(frozen=True, slots=True)
class Reminder:
    appointment_id: AppointmentId
    due_at: datetime
    before: timedelta


def reminders_for(
    appointment: Appointment, now: datetime, offsets: Sequence[timedelta] = DEFAULT_OFFSETS
) -> list[Reminder]:
    """One reminder per offset, skipping those whose moment has already passed."""
    return [
        Reminder(appointment.id, appointment.starts_at - offset, offset)
        for offset in offsets
        if appointment.starts_at - offset > now
    ]
