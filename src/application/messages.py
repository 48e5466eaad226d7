"""Messages in and out of a conversation, as the use cases see them (not Meta's wire format)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.ids import ClinicId, MessageId, PatientAddress

# Meta's limits for interactive messages: enforced here so no adapter sends what Meta rejects.
MAX_BUTTONS = 3
MAX_BUTTON_TITLE = 20
MAX_LIST_ROWS = 10
MAX_ROW_TITLE = 24


class InboundKind(StrEnum):
    """What a patient's message is; README's table says what the bot does with each."""

    TEXT = "text"
    BUTTON = "button"  # a reply button, list row or template quick reply: carries an id
    AUDIO = "audio"  # a voice note or an audio file: read once transcribed
    IMAGE = "image"  # images, videos and documents are kept for staff; their caption is read
    VIDEO = "video"
    DOCUMENT = "document"
    STICKER = "sticker"
    LOCATION = "location"
    CONTACTS = "contacts"  # contact cards, for staff
    WELCOME = "welcome"  # the patient opened the chat for the first time (Meta's request_welcome)
    REACTION = "reaction"  # an emoji on one of our messages, or its removal: never an answer
    EDIT = "edit"  # the patient edited a message they sent
    DELETED = "deleted"  # the patient deleted a message they sent
    SYSTEM = "system"  # WhatsApp says the patient changed number or identity
    CALL = "call"  # an answer about calls (call permission)
    FLOW = "flow"  # a WhatsApp Flow's completion
    UNSUPPORTED = "unsupported"  # a kind Meta could not deliver or this code does not know: logged

    @property
    def for_staff(self) -> bool:
        """Kept for staff to look at, and the patient is told the clinic has it."""
        return self in _FOR_STAFF

    @property
    def answered(self) -> bool:
        """False for what no receptionist would answer: reactions, edits, notices, call events..."""
        return self not in _SILENT


_FOR_STAFF = frozenset({InboundKind.IMAGE, InboundKind.VIDEO, InboundKind.DOCUMENT, InboundKind.CONTACTS})
_SILENT = frozenset(
    {
        InboundKind.REACTION,
        InboundKind.EDIT,
        InboundKind.DELETED,
        InboundKind.SYSTEM,
        InboundKind.CALL,
        InboundKind.FLOW,
        InboundKind.UNSUPPORTED,
    }
)


@dataclass(frozen=True, slots=True)
class Media:
    """A file a patient sent, kept at Meta: fetched through the Graph API by ``id`` when needed."""

    id: str
    mime_type: str = ""
    filename: str = ""
    voice: bool = False  # recorded in WhatsApp (a voice note), not a forwarded audio file


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """A patient's message. ``text`` is what can be read: a text, a button's title, a caption,
    an edit's new text, a reaction's emoji, a contact card or place as staff read it."""

    id: MessageId
    clinic_id: ClinicId
    sender: PatientAddress
    sent_at: datetime
    kind: InboundKind
    text: str = ""
    button_id: str | None = None
    sender_name: str | None = None  # WhatsApp profile name: a hint, never trusted as the patient's name
    media: Media | None = None
    refers_to: MessageId | None = None  # the message reacted to, edited or deleted
    transcript: str | None = None  # what a voice note says, once transcribed
    also: PatientAddress | None = None  # the sender's other identifier: their user id beside their number
    new_address: PatientAddress | None = None  # a SYSTEM notice: the number (or user id) they moved to

    @property
    def readable(self) -> str:
        """What the bot reads of it as if typed: a text, a transcript, a caption; else ''."""
        if self.kind is InboundKind.TEXT:
            return self.text
        if self.kind is InboundKind.AUDIO:
            return self.transcript or ""
        if self.kind.for_staff and self.kind is not InboundKind.CONTACTS:
            return self.text
        return ""

    @classmethod
    def text_message(
        cls, message_id: str, clinic_id: ClinicId, sender: PatientAddress, sent_at: datetime, text: str
    ) -> InboundMessage:
        return cls(MessageId(message_id), clinic_id, sender, sent_at, InboundKind.TEXT, text=text)

    @classmethod
    def button_press(
        cls,
        message_id: str,
        clinic_id: ClinicId,
        sender: PatientAddress,
        sent_at: datetime,
        button_id: str,
        title: str = "",
    ) -> InboundMessage:
        return cls(
            MessageId(message_id),
            clinic_id,
            sender,
            sent_at,
            InboundKind.BUTTON,
            text=title,
            button_id=button_id,
        )


@dataclass(frozen=True, slots=True)
class Button:
    id: str
    title: str

    def __post_init__(self) -> None:
        if not 0 < len(self.title) <= MAX_BUTTON_TITLE:
            raise ValueError(f"button title must be 1..{MAX_BUTTON_TITLE} characters: {self.title!r}")


@dataclass(frozen=True, slots=True)
class ListRow:
    id: str
    title: str
    description: str = ""

    def __post_init__(self) -> None:
        if not 0 < len(self.title) <= MAX_ROW_TITLE:
            raise ValueError(f"list row title must be 1..{MAX_ROW_TITLE} characters: {self.title!r}")


@dataclass(frozen=True, slots=True)
class TextReply:
    body: str
    # The last message to a patient whose data was just erased: once WhatsApp took it, nothing of
    # it is kept (its outbox row goes, its id is not logged), so no receipt can bring them back.
    forget_when_sent: bool = False


@dataclass(frozen=True, slots=True)
class ButtonsReply:
    """Up to three reply buttons under a text."""

    body: str
    buttons: tuple[Button, ...]

    def __post_init__(self) -> None:
        if not 0 < len(self.buttons) <= MAX_BUTTONS:
            raise ValueError(f"a buttons reply takes 1..{MAX_BUTTONS} buttons")


@dataclass(frozen=True, slots=True)
class ListReply:
    """A menu of up to ten rows, opened by one button."""

    body: str
    button_label: str
    rows: tuple[ListRow, ...]

    def __post_init__(self) -> None:
        if not 0 < len(self.rows) <= MAX_LIST_ROWS:
            raise ValueError(f"a list reply takes 1..{MAX_LIST_ROWS} rows")


@dataclass(frozen=True, slots=True)
class TemplateReply:
    """An approved WhatsApp template: the only kind Meta delivers outside the 24-hour window.

    ``body`` is the text the patient will read, kept for the history; Meta renders the
    template itself from ``name``, ``language`` and the parameters.
    """

    name: str
    language: str
    body_parameters: tuple[str, ...] = ()
    quick_reply_payloads: tuple[str, ...] = ()  # one per quick-reply button of the template, in order
    body: str = ""


@dataclass(frozen=True, slots=True)
class DocumentReply:
    """A file the patient taps to open: an appointment's calendar entry (``.ics``).

    ``body`` is the caption under the file, and what the history keeps of it. ``mime_type`` is
    the type Meta is told (it takes a short list of document types; an ``.ics`` goes as
    ``text/plain``, and its file name makes a phone open it in its calendar).
    """

    filename: str
    mime_type: str
    content: bytes
    body: str = ""


OutboundMessage = TextReply | ButtonsReply | ListReply | TemplateReply | DocumentReply


def choices_of(message: OutboundMessage) -> list[tuple[str, str]]:
    """The (id, title) pairs a patient can tap in a message, in order."""
    if isinstance(message, ButtonsReply):
        return [(b.id, b.title) for b in message.buttons]
    if isinstance(message, ListReply):
        return [(r.id, r.title) for r in message.rows]
    return []


class DeliveryState(StrEnum):
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"


# Meta's code for "more than 24 hours since the patient last wrote": only a template gets through.
OUTSIDE_SERVICE_WINDOW = 131047


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """What WhatsApp says became of a message we sent (Meta's ``statuses[]``)."""

    message_id: str  # the wamid Meta gave the message when we sent it
    state: DeliveryState
    at: datetime
    error_code: int | None = None
    error_title: str = ""
    reference: str | None = None  # what we attached when sending (Meta's biz_opaque_callback_data)

    @property
    def needs_template(self) -> bool:
        return self.state is DeliveryState.FAILED and self.error_code == OUTSIDE_SERVICE_WINDOW
