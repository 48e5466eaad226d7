"""From Meta's webhook deliveries to the application's ``InboundMessage``s.

Meta batches: one delivery can hold several entries (business accounts), each with several changes, each
with several messages, so every level is walked. Nothing a patient can send crashes the mapping: kinds we
do not handle become ``UNSUPPORTED`` and are answered politely by the use cases.

Every string handed on is cleaned (``application.plain_text.clean``): a delivery's JSON may carry
``\\u0000``, which PostgreSQL's ``text`` cannot hold, other control characters, or unpaired surrogates.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime

from adapters.meta.payload import Change, Contact, Message, Value, WebhookDelivery
from application.messages import DeliveryReport, DeliveryState, InboundKind, InboundMessage
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
    kind, text, button_id = _content(message)
    return InboundMessage(
        id=MessageId(clean(message.id)),
        clinic_id=clinic_id,
        sender=sender,
        sent_at=datetime.fromtimestamp(int(message.timestamp), tz=UTC),
        kind=kind,
        text=clean(text),
        button_id=_cleaned(button_id),
        sender_name=_cleaned(_sender_name(message, value.contacts)) or None,
    )


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


def _content(message: Message) -> tuple[InboundKind, str, str | None]:
    """(kind, text, button_id); a kind whose sub-object is missing is unsupported rather than an error."""
    if message.type == "text" and message.text is not None:
        return InboundKind.TEXT, message.text.body, None
    if message.type == "interactive" and message.interactive is not None:
        interactive = message.interactive
        if interactive.type == "button_reply" and interactive.button_reply is not None:
            return InboundKind.BUTTON, interactive.button_reply.title, interactive.button_reply.id
        if interactive.type == "list_reply" and interactive.list_reply is not None:
            return InboundKind.BUTTON, interactive.list_reply.title, interactive.list_reply.id
    if message.type == "button" and message.button is not None:
        return InboundKind.BUTTON, message.button.text, message.button.payload
    return InboundKind.UNSUPPORTED, "", None


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
