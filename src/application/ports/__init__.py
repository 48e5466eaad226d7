"""What the use cases need from the outside world, named for the need, not the technology.

One module per concern; every port is also importable from here.
"""

from application.ports.clinics import (
    ClinicDirectory,
    ClinicSwitches,
    Clock,
    UnknownClinic,
)
from application.ports.failures import (
    LockUnavailable,
    ServiceUnavailable,
)
from application.ports.messaging import (
    OUTBOX_REFERENCE_PREFIX,
    Conversation,
    ConversationLock,
    DeliveryFailed,
    HandledMessages,
    Inbox,
    MessageSender,
    OutboundLog,
    Outbox,
    PendingMessage,
    QueuedReply,
    RecentMessages,
    StagedReplies,
    TurnOutcome,
)
from application.ports.metrics import (
    BookingOutcome,
    DeliveryOutcome,
    LockOutcome,
    Metrics,
    NluOutcome,
    NoMetrics,
    SendOutcome,
    TurnMetric,
)
from application.ports.outreach import (
    ClaimedReminder,
    RecallCandidate,
    RecallLog,
    ReminderJobs,
)
from application.ports.reading import (
    ModelTokens,
    NluContext,
    NluEngine,
    NluUnavailable,
    NoModelTokens,
)
from application.ports.staff import (
    IdGenerator,
    StaffKey,
    StaffKeys,
)
from application.ports.store import (
    AppointmentRepository,
    ConcurrencyConflict,
    PatientRepository,
    ReminderQueue,
    SessionRepository,
    UnitOfWork,
    UnitOfWorkFactory,
)

__all__ = [
    "OUTBOX_REFERENCE_PREFIX",
    "AppointmentRepository",
    "BookingOutcome",
    "ClaimedReminder",
    "ClinicDirectory",
    "ClinicSwitches",
    "Clock",
    "ConcurrencyConflict",
    "Conversation",
    "ConversationLock",
    "DeliveryFailed",
    "DeliveryOutcome",
    "HandledMessages",
    "IdGenerator",
    "Inbox",
    "LockOutcome",
    "LockUnavailable",
    "MessageSender",
    "Metrics",
    "ModelTokens",
    "NluContext",
    "NluEngine",
    "NluOutcome",
    "NluUnavailable",
    "NoMetrics",
    "NoModelTokens",
    "OutboundLog",
    "Outbox",
    "PatientRepository",
    "PendingMessage",
    "QueuedReply",
    "RecallCandidate",
    "RecallLog",
    "RecentMessages",
    "ReminderJobs",
    "ReminderQueue",
    "SendOutcome",
    "ServiceUnavailable",
    "SessionRepository",
    "StaffKey",
    "StaffKeys",
    "StagedReplies",
    "TurnMetric",
    "TurnOutcome",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UnknownClinic",
]
