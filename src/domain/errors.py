"""What can go wrong in the model, as types: the edges map them to replies or HTTP codes."""


class DomainError(Exception):
    """Base of every rule the model refuses to break."""


class InvalidAppointment(DomainError):
    """An appointment whose times make no sense (naive, end before start)."""


class SlotUnavailable(DomainError):
    """The time cannot be booked: not a free time of that doctor (or no such doctor), and below why."""


class BookingTooSoon(SlotUnavailable):
    """The slot starts in the past or inside the clinic's minimum notice."""


class OutsideBookingHorizon(SlotUnavailable):
    """The slot is further ahead than the clinic takes bookings."""


class SlotTaken(SlotUnavailable):
    """Another appointment already holds (part of) this doctor's time."""


class AlreadyCancelled(DomainError):
    """A cancelled appointment cannot be cancelled again."""


class AppointmentPassed(DomainError):
    """An appointment that has started or ended can no longer be moved, cancelled or confirmed."""


class VisitNotDue(DomainError):
    """Whether the patient came is known only once the appointment has started (and was kept)."""


class InvalidClinic(DomainError):
    """A clinic description that breaks the model's rules (bad hours, unknown zone, duplicates)."""
