"""From Meta's webhook deliveries to the application's ``InboundMessage``s.

Meta batches: one delivery can hold several entries (business accounts), each with several changes, each
with several messages, so every level is walked. Nothing a patient can send crashes the mapping: each of
Meta's kinds becomes an ``InboundKind``, and a kind this code does not know (or one Meta could not
deliver) becomes ``UNSUPPORTED``, logged with its error codes and left unanswered.

Every string handed on is cleaned (``application.plain_text.clean``): a delivery's JSON may carry
``\\u0000``, which PostgreSQL's ``text`` cannot hold, other control characters, or unpaired surrogates.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import NamedTuple

from adapters.meta.payload import (
    Change,
    Contact,
    ContactCard,
    Edit,
    Interactive,
    Location,
    MediaObject,
    Message,
    Value,
    WebhookDelivery,
)
from application.messages import DeliveryReport, DeliveryState, InboundKind, InboundMessage, Media
from application.plain_text import clean
from domain.ids import AddressKind, ClinicId, MessageId, PatientAddress

logger = logging.getLogger("adapters.meta.inbound")

MESSAGES_FIELD = "messages"
# Meta's error codes are six digits at most: one past 32 bits is none of Meta's (nor fits a store's integer).
_LARGEST_CODE = 2**31


def _message_changes(delivery: WebhookDelivery) -> Iterator[Change]:
    for entry in delivery.entry:
        for change in entry.changes:
            if change.field == MESSAGES_FIELD:
                yield change


def phone_number_ids(delivery: WebhookDelivery) -> set[str]:
    """The business phone numbers that received messages, for the caller to resolve to clinics.

    Resolution is asynchronous (a repository lookup), so it happens in the web handler before
    ``inbound_messages``; changes with only receipts or errors need no clinic and are left out.
    """
    return {
        clean(change.value.metadata.phone_number_id)
        for change in _message_changes(delivery)
        if change.value.metadata is not None and change.value.messages
    }


def inbound_messages(delivery: WebhookDelivery, clinics: Mapping[str, ClinicId]) -> list[InboundMessage]:
    """Every message of the delivery addressed to a known clinic, oldest first.

    ``clinics`` maps phone_number_id to clinic. Messages to an unknown number, or without any sender id,
    are skipped with a warning rather than failing the batch: Meta would otherwise retry it for days.
    The sort is stable, so messages with the same timestamp keep Meta's order.
    """
    result: list[InboundMessage] = []
    for change in _message_changes(delivery):
        value = change.value
        if value.errors:  # Meta could not deliver something to us: its codes say what, for operators
            codes = ",".join(str(error.code) for error in value.errors)
            logger.warning("Meta reported errors on a change, codes %s", codes)
        if not value.messages:
            continue
        phone_number_id = clean(value.metadata.phone_number_id) if value.metadata is not None else None
        clinic_id = clinics.get(phone_number_id) if phone_number_id is not None else None
        if clinic_id is None:
            logger.warning(
                "skipping %d message(s) for unknown phone_number_id %s", len(value.messages), phone_number_id
            )
            continue
        for message in value.messages:
            inbound = _to_inbound(message, value, clinic_id)
            if inbound is not None:
                result.append(inbound)
    return sorted(result, key=lambda m: m.sent_at)


def _to_inbound(message: Message, value: Value, clinic_id: ClinicId) -> InboundMessage | None:
    sender = _sender(message)
    if sender is None:
        logger.warning("skipping a message without a sender id")  # its id holds a number: not logged
        return None
    content = _content(message)
    return InboundMessage(
        id=MessageId(clean(message.id)),
        clinic_id=clinic_id,
        sender=sender,
        sent_at=datetime.fromtimestamp(int(message.timestamp), tz=UTC),
        kind=content.kind,
        text=clean(content.text),
        button_id=_cleaned(content.button_id),
        sender_name=_cleaned(_sender_name(message, value.contacts)) or None,
        media=content.media,
        refers_to=MessageId(clean(content.refers_to)) if content.refers_to else None,
        also=_also(message, sender),
        new_address=_new_address(message, sender) if message.type == "system" else None,
    )


def _also(message: Message, sender: PatientAddress) -> PatientAddress | None:
    """The sender's business-scoped user id, when they are addressed by their number."""
    if message.from_user_id is None:
        return None
    user_id = _cleaned(message.from_user_id)
    if sender.kind is AddressKind.PHONE and user_id is not None and user_id.strip():
        return PatientAddress(user_id, AddressKind.USER_ID)
    return None


def _new_address(message: Message, sender: PatientAddress) -> PatientAddress | None:
    """Where a patient who changed number (or user id) is now, from WhatsApp's notice."""
    notice = message.system if message.type == "system" else None
    if notice is None:
        return None
    if notice.type == "user_changed_number" and sender.kind is AddressKind.PHONE:
        number = _cleaned(notice.new_wa_id or notice.wa_id)
        return PatientAddress(number, AddressKind.PHONE) if number and number.strip() else None
    if notice.type == "user_changed_user_id" and sender.kind is AddressKind.USER_ID:
        user_id = _cleaned(notice.user_id)
        return PatientAddress(user_id, AddressKind.USER_ID) if user_id and user_id.strip() else None
    return None


def _cleaned(text: str | None) -> str | None:
    return clean(text) if text is not None else None


def _sender(message: Message) -> PatientAddress | None:
    """The phone number when Meta shares it, else the business-scoped user id; blanks count as absent."""
    phone, user_id = _cleaned(message.from_), _cleaned(message.from_user_id)
    if phone is not None and phone.strip():
        return PatientAddress(phone, AddressKind.PHONE)
    if user_id is not None and user_id.strip():
        return PatientAddress(user_id, AddressKind.USER_ID)
    return None


class _Content(NamedTuple):  # a tuple: built for every message, so cheap to build
    kind: InboundKind
    text: str = ""
    button_id: str | None = None
    media: Media | None = None
    refers_to: str | None = None


_MEDIA_KINDS = {
    "audio": InboundKind.AUDIO,
    "image": InboundKind.IMAGE,
    "video": InboundKind.VIDEO,
    "document": InboundKind.DOCUMENT,
    "sticker": InboundKind.STICKER,
}
_INTERACTIVE_KINDS = {"nfm_reply": InboundKind.FLOW, "call_permission_reply": InboundKind.CALL}
_CHANGES = {"edit": InboundKind.EDIT, "revoke": InboundKind.DELETED}
_NOTICE_KINDS = {"system": InboundKind.SYSTEM, "request_welcome": InboundKind.WELCOME}


def _content(message: Message) -> _Content:
    """What a message says, by kind; a kind whose sub-object is missing is unsupported, never an error."""
    kind = message.type
    if kind == "text" and message.text is not None:
        return _Content(InboundKind.TEXT, message.text.body)
    if kind == "interactive" and message.interactive is not None:
        return _interactive(message.interactive)
    if kind == "button" and message.button is not None:
        return _Content(InboundKind.BUTTON, message.button.text, message.button.payload)
    media = getattr(message, kind, None) if kind in _MEDIA_KINDS else None
    if isinstance(media, MediaObject) and media.id:
        return _media(_MEDIA_KINDS[kind], media)
    if kind == "location" and message.location is not None:
        return _Content(InboundKind.LOCATION, _place(message.location))
    if kind == "contacts" and message.contacts:
        return _Content(InboundKind.CONTACTS, "\n".join(_card(c) for c in message.contacts))
    if kind == "reaction" and message.reaction is not None:
        return _Content(
            InboundKind.REACTION, message.reaction.emoji or "", refers_to=message.reaction.message_id
        )
    if kind == "edit" and message.edit is not None:
        return _Content(
            InboundKind.EDIT, _edited_text(message.edit), refers_to=message.edit.original_message_id
        )
    if kind == "revoke" and message.revoke is not None:
        return _Content(InboundKind.DELETED, refers_to=message.revoke.original_message_id)
    if kind == "unsupported" and message.unsupported is not None and message.unsupported.type in _CHANGES:
        # Meta may deliver an edit or a deletion as an unsupported message without its content.
        return _Content(_CHANGES[message.unsupported.type])
    if kind in _NOTICE_KINDS:
        return _Content(_NOTICE_KINDS[kind], message.system.body if message.system else "")
    _log_unsupported(message)
    return _Content(InboundKind.UNSUPPORTED)


def _interactive(interactive: Interactive) -> _Content:
    if interactive.type == "button_reply" and interactive.button_reply is not None:
        return _Content(InboundKind.BUTTON, interactive.button_reply.title, interactive.button_reply.id)
    if interactive.type == "list_reply" and interactive.list_reply is not None:
        return _Content(InboundKind.BUTTON, interactive.list_reply.title, interactive.list_reply.id)
    return _Content(_INTERACTIVE_KINDS.get(interactive.type, InboundKind.UNSUPPORTED))


def _media(kind: InboundKind, media: MediaObject) -> _Content:
    kept = Media(
        id=clean(media.id),
        mime_type=clean(media.mime_type),
        filename=clean(media.filename or ""),
        voice=media.voice,
    )
    return _Content(kind, media.caption or "", media=kept)


def _place(location: Location) -> str:
    """The place as staff read it: its name and address, and its coordinates."""
    named = ", ".join(part for part in (location.name, location.address) if part)
    latitude, longitude = _coordinate(location.latitude), _coordinate(location.longitude)
    if latitude is None or longitude is None:
        return named
    where = f"{latitude:.6f},{longitude:.6f}"
    return f"{named} ({where})" if named else where


def _coordinate(value: float | str | None) -> float | None:
    try:
        number = float(value) if value is not None else math.nan
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _card(card: ContactCard) -> str:
    """A contact card as one line for staff: the name, then its phone numbers and e-mails."""
    name = card.name.formatted_name if card.name else ""
    reach = [phone.phone for phone in card.phones if phone.phone] + [
        mail.email for mail in card.emails if mail.email
    ]
    return " · ".join(part for part in (name, *reach) if part)


def _edited_text(edit: Edit) -> str:
    new = edit.message
    if new is None:
        return ""
    if new.text is not None:
        return new.text.body
    captioned = new.image or new.video or new.document
    return captioned.caption or "" if captioned else ""


def _log_unsupported(message: Message) -> None:
    """Meta's code says why (131051: a type the Cloud API does not deliver); never the content."""
    codes = ",".join(str(error.code) for error in message.errors) or "none"
    what = message.unsupported.type if message.unsupported is not None else ""
    logger.info("unsupported message of type %r (%s), error codes %s", message.type[:40], what[:40], codes)


def _sender_name(message: Message, contacts: tuple[Contact, ...]) -> str | None:
    """The profile name of the contact with the message's wa_id or user_id; only a greeting hint."""
    for contact in contacts:
        same_phone = message.from_ is not None and contact.wa_id == message.from_
        same_user = message.from_user_id is not None and contact.user_id == message.from_user_id
        if (same_phone or same_user) and contact.profile is not None and contact.profile.name:
            return contact.profile.name
    return None


def delivery_reports(delivery: WebhookDelivery) -> list[DeliveryReport]:
    """Every receipt (``statuses[]``) of every change of every entry; unknown states are skipped."""
    reports: list[DeliveryReport] = []
    for change in _message_changes(delivery):
        for status in change.value.statuses:
            try:
                state = DeliveryState(status.status)
                at = datetime.fromtimestamp(int(status.timestamp), tz=UTC)
            except (ValueError, OverflowError, OSError):  # a time past what the platform can hold
                logger.info("receipt with unknown status or time ignored: %r", status.status)
                continue
            error = status.errors[0] if status.errors else None
            reports.append(
                DeliveryReport(
                    message_id=clean(status.id),
                    state=state,
                    at=at,
                    error_code=error.code if error and abs(error.code) < _LARGEST_CODE else None,
                    error_title=clean(error.title) if error else "",
                    reference=_cleaned(status.biz_opaque_callback_data),
                )
            )
    return reports


class MetaDelivery:
    """A decoded Meta delivery, as ``application.intake.Delivery``."""

    __slots__ = ("_delivery",)

    def __init__(self, delivery: WebhookDelivery) -> None:
        self._delivery = delivery

    def business_numbers(self) -> set[str]:
        return phone_number_ids(self._delivery)

    def messages(self, clinics: Mapping[str, ClinicId]) -> list[InboundMessage]:
        return inbound_messages(self._delivery, clinics)

    def reports(self) -> list[DeliveryReport]:
        return delivery_reports(self._delivery)
