"""Meta's webhook wire format (WhatsApp Cloud API), decoded strictly in shape but tolerant of additions.

Only what ClinicFlow reads is modelled. Unknown fields are ignored (msgspec's default), so Meta can add
fields without breaking decoding; message kinds stay a plain ``str`` so a future kind still decodes and is
answered as unsupported instead of failing the whole batch.

Everything in ``Value`` is optional because other webhook fields (``message_template_status_update``,
``account_update``...) carry differently shaped values under the same envelope; they decode to an empty
``Value`` and are ignored by ``field``. Arrays decode to tuples so a decoded delivery is fully immutable.

Strings are kept as Meta sent them, ``\\u0000`` or an unpaired surrogate escape included (msgspec refuses
the latter; ``decode_delivery`` then takes a lenient second pass): ``inbound`` cleans every one it hands on.
"""

from __future__ import annotations

import json
from typing import Annotated, NoReturn

import msgspec

# Meta sends unix seconds as a string. At most 11 digits keeps any value convertible to a datetime
# (year 5138), and \A...\Z rejects a trailing newline that ``$`` would let through.
UnixSeconds = Annotated[str, msgspec.Meta(pattern=r"\A[0-9]{1,11}\Z")]


class Metadata(msgspec.Struct, frozen=True, kw_only=True):
    """The business phone number a change is about: ``phone_number_id`` identifies the clinic."""

    display_phone_number: str
    phone_number_id: str


class Profile(msgspec.Struct, frozen=True, kw_only=True):
    """The sender's WhatsApp profile: its name is a display hint, never an identity."""

    name: str | None = None


class Contact(msgspec.Struct, frozen=True, kw_only=True):
    """Who sent messages in a change; ``user_id`` is Meta's business-scoped id for hidden phone numbers."""

    profile: Profile | None = None
    wa_id: str | None = None
    user_id: str | None = None


class Error(msgspec.Struct, frozen=True, kw_only=True):
    """An error Meta reports on a value, a status or a message; ``title``/``message`` vary by API version."""

    code: int
    title: str = ""
    message: str = ""


class Text(msgspec.Struct, frozen=True, kw_only=True):
    """The content of a ``text`` message."""

    body: str


class InteractiveButtonReply(msgspec.Struct, frozen=True, kw_only=True):
    """A tap on one of our reply buttons: ``id`` is the id we gave the button."""

    id: str
    title: str = ""


class InteractiveListReply(msgspec.Struct, frozen=True, kw_only=True):
    """A row picked from one of our list menus: ``id`` is the id we gave the row."""

    id: str
    title: str = ""
    description: str | None = None


class Interactive(msgspec.Struct, frozen=True, kw_only=True):
    """An answer to an interactive message; ``type`` says which of the replies is set."""

    type: str
    button_reply: InteractiveButtonReply | None = None
    list_reply: InteractiveListReply | None = None


class QuickReplyButton(msgspec.Struct, frozen=True, kw_only=True):
    """A tap on a template's quick-reply button (message ``type == "button"``): ``payload`` is our id."""

    payload: str
    text: str = ""


class MediaObject(msgspec.Struct, frozen=True, kw_only=True):
    """An image, audio, video, document or sticker: ``id`` is fetched through ``GET /{media-id}``.

    ``voice`` marks an audio recorded in WhatsApp (a voice note); documents carry their file name;
    images, videos and documents may carry a caption.
    """

    id: str = ""
    mime_type: str = ""
    sha256: str | None = None
    caption: str | None = None
    filename: str | None = None
    voice: bool = False
    animated: bool = False


class Location(msgspec.Struct, frozen=True, kw_only=True):
    """A location the patient shared (a pin, or a named place)."""

    latitude: float | str | None = None  # a number, as documented; some relays send it as a string
    longitude: float | str | None = None
    name: str | None = None
    address: str | None = None


class ContactName(msgspec.Struct, frozen=True, kw_only=True):
    formatted_name: str = ""


class ContactPhone(msgspec.Struct, frozen=True, kw_only=True):
    phone: str = ""
    wa_id: str | None = None
    type: str | None = None


class ContactEmail(msgspec.Struct, frozen=True, kw_only=True):
    email: str = ""


class ContactCard(msgspec.Struct, frozen=True, kw_only=True):
    """A contact card the patient shared; only what staff need to read it is modelled."""

    name: ContactName | None = None
    phones: tuple[ContactPhone, ...] = ()
    emails: tuple[ContactEmail, ...] = ()


class Reaction(msgspec.Struct, frozen=True, kw_only=True):
    """An emoji on one of our messages; without ``emoji`` the patient removed their reaction."""

    message_id: str = ""
    emoji: str | None = None


class System(msgspec.Struct, frozen=True, kw_only=True):
    """A notice from WhatsApp: the patient changed number (``user_changed_number``) or identity."""

    body: str = ""
    type: str = ""
    wa_id: str | None = None
    new_wa_id: str | None = None
    user_id: str | None = None
    customer: str | None = None


class Unsupported(msgspec.Struct, frozen=True, kw_only=True):
    """What Meta could not deliver as a message: ``type`` names it (``edit``, ``revoke``, ``poll``...)."""

    type: str = ""


class EditedContent(msgspec.Struct, frozen=True, kw_only=True):
    """An edited message's new content: a text, or a caption of a photo, video or document."""

    type: str = ""
    text: Text | None = None
    image: MediaObject | None = None
    video: MediaObject | None = None
    document: MediaObject | None = None


class Edit(msgspec.Struct, frozen=True, kw_only=True):
    """The patient edited one of their messages (``type == "edit"``)."""

    original_message_id: str = ""
    message: EditedContent | None = None


class Revoke(msgspec.Struct, frozen=True, kw_only=True):
    """The patient deleted one of their messages (``type == "revoke"``)."""

    original_message_id: str = ""


class Context(msgspec.Struct, frozen=True, kw_only=True):
    """What a message replies to or was forwarded from; kept for tracing, not used for routing."""

    from_: str | None = msgspec.field(default=None, name="from")
    id: str | None = None
    forwarded: bool = False
    frequently_forwarded: bool = False


class Message(msgspec.Struct, frozen=True, kw_only=True):
    """One inbound message. ``from`` is absent for users who hide their number: ``from_user_id`` is set."""

    from_: str | None = msgspec.field(default=None, name="from")
    from_user_id: str | None = None
    id: str
    timestamp: UnixSeconds
    type: str
    text: Text | None = None
    interactive: Interactive | None = None
    button: QuickReplyButton | None = None
    image: MediaObject | None = None
    audio: MediaObject | None = None
    video: MediaObject | None = None
    document: MediaObject | None = None
    sticker: MediaObject | None = None
    location: Location | None = None
    contacts: tuple[ContactCard, ...] = ()
    reaction: Reaction | None = None
    system: System | None = None
    unsupported: Unsupported | None = None
    edit: Edit | None = None
    revoke: Revoke | None = None
    context: Context | None = None
    errors: tuple[Error, ...] = ()


class Status(msgspec.Struct, frozen=True, kw_only=True):
    """A delivery receipt for a message we sent (sent, delivered, read, failed)."""

    id: str
    status: str
    timestamp: str
    recipient_id: str | None = None
    recipient_user_id: str | None = None
    errors: tuple[Error, ...] = ()
    biz_opaque_callback_data: str | None = None  # what we attached when sending it


class Value(msgspec.Struct, frozen=True, kw_only=True):
    """The payload of a ``messages`` change: inbound messages, receipts, or errors, for one phone number."""

    messaging_product: str = ""
    metadata: Metadata | None = None
    contacts: tuple[Contact, ...] = ()
    messages: tuple[Message, ...] = ()
    statuses: tuple[Status, ...] = ()
    errors: tuple[Error, ...] = ()


class Change(msgspec.Struct, frozen=True, kw_only=True):
    """One change of a subscribed ``field``; only ``field == "messages"`` concerns conversations."""

    field: str
    value: Value


class Entry(msgspec.Struct, frozen=True, kw_only=True):
    """The changes of one WhatsApp Business Account (``id``); Meta may batch several per delivery."""

    id: str
    changes: tuple[Change, ...] = ()


class WebhookDelivery(msgspec.Struct, frozen=True, kw_only=True):
    """One POST from Meta (``object`` is ``whatsapp_business_account``): a batch of entries."""

    object: str
    entry: tuple[Entry, ...]


class MalformedDelivery(Exception):
    """The body is not JSON or not shaped like a webhook delivery. The reason never quotes the body."""


_DECODER = msgspec.json.Decoder(WebhookDelivery)


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


def _decode_leniently(body: bytes) -> WebhookDelivery:
    """The delivery through the standard library's parser, which (unlike msgspec) takes an unpaired
    surrogate escape such as ``\\ud83d``: emoji cut in half by a client are not a reason to lose a
    message (``inbound`` turns the surrogate into U+FFFD). As strict as msgspec otherwise: UTF-8
    only, no NaN or Infinity, no raw control characters in strings, nothing after the document."""
    value = json.loads(body.decode("utf-8"), parse_constant=_no_constant)
    return msgspec.convert(value, WebhookDelivery)


def decode_delivery(body: bytes) -> WebhookDelivery:
    """Parse a (signature-verified) request body, so adapters never touch untyped JSON.

    Raises ``MalformedDelivery`` with a short reason. msgspec's messages name expected types and JSON
    paths, not received values (the schema has no enums or literals), so the reason cannot leak patient
    data into logs; the original exception is dropped from the chain for the same reason.
    """
    try:
        return _DECODER.decode(body)
    except msgspec.ValidationError as exc:
        reason = f"not a webhook delivery: {exc}"
    except msgspec.DecodeError:
        try:
            return _decode_leniently(body)
        except msgspec.ValidationError as exc:
            reason = f"not a webhook delivery: {exc}"
        except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            reason = "not valid JSON"
    except RecursionError:  # msgspec skips unknown fields recursively: thousands of levels deep
        reason = "nested too deeply"
    raise MalformedDelivery(reason)
