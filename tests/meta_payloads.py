"""Builders of WhatsApp Cloud API webhook deliveries, shaped like Meta's own examples.

Shared by the adapter's unit tests and the web app's end-to-end tests, so both exercise the real wire
format. Builders return plain dicts (JSON objects) that tests may tweak before ``encode``; ``sender`` is a
``wa_id`` (digits, no ``+``), or ``None`` with ``user_id=`` for a user who hides their phone number.
"""

from __future__ import annotations

import json
from typing import Any

from adapters.meta.signature import SIGNATURE_HEADER, sign

JsonObject = dict[str, Any]

WABA_ID = "102290129340398"
DISPLAY_PHONE_NUMBER = "15550783881"
PROFILE_NAME = "Lucía Fernández"
REPLIED_TO_ID = "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3NTdBRTBGQkU0QjI3NUFCRTgA"


# --- envelope -------------------------------------------------------------------------------------


def delivery(*entries: JsonObject) -> JsonObject:
    """A whole POST body: Meta may batch several entries."""
    return {"object": "whatsapp_business_account", "entry": list(entries)}


def entry(*values: JsonObject, waba_id: str = WABA_ID) -> JsonObject:
    """One business account's entry, with a ``messages`` change per value."""
    return {"id": waba_id, "changes": [{"value": value, "field": "messages"} for value in values]}


def messages_value(
    phone_number_id: str,
    messages: list[JsonObject] | None = None,
    contacts: list[JsonObject] | None = None,
    *,
    statuses: list[JsonObject] | None = None,
    display_phone_number: str = DISPLAY_PHONE_NUMBER,
) -> JsonObject:
    """The ``value`` of a ``messages`` change; Meta leaves out empty contacts, messages and statuses."""
    value: JsonObject = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": display_phone_number, "phone_number_id": phone_number_id},
    }
    if contacts:
        value["contacts"] = contacts
    if messages:
        value["messages"] = messages
    if statuses:
        value["statuses"] = statuses
    return value


def contact(sender: str | None, name: str = PROFILE_NAME, *, user_id: str | None = None) -> JsonObject:
    """A ``contacts[]`` item: the profile name plus ``wa_id`` and/or business-scoped ``user_id``."""
    result: JsonObject = {"profile": {"name": name}}
    if sender is not None:
        result["wa_id"] = sender
    if user_id is not None:
        result["user_id"] = user_id
    return result


# --- messages -------------------------------------------------------------------------------------


def message(
    sender: str | None,
    message_id: str,
    timestamp: int,
    type_: str,
    *,
    user_id: str | None = None,
    **content: Any,
) -> JsonObject:
    """A ``messages[]`` item of any ``type``; ``content`` holds its sub-objects (``text=``, ``image=``)."""
    result: JsonObject = {}
    if sender is not None:
        result["from"] = sender
    if user_id is not None:
        result["from_user_id"] = user_id
    result |= {"id": message_id, "timestamp": str(timestamp), "type": type_}
    return result | content


def _reply_context() -> JsonObject:
    return {"from": DISPLAY_PHONE_NUMBER, "id": REPLIED_TO_ID}


def text_message(
    sender: str | None, message_id: str, text: str, timestamp: int, *, user_id: str | None = None
) -> JsonObject:
    """A typed message."""
    return message(sender, message_id, timestamp, "text", user_id=user_id, text={"body": text})


def button_message(
    sender: str | None,
    message_id: str,
    button_id: str,
    title: str,
    timestamp: int,
    *,
    user_id: str | None = None,
) -> JsonObject:
    """A tap on a reply button of an interactive message we sent."""
    interactive = {"type": "button_reply", "button_reply": {"id": button_id, "title": title}}
    return message(
        sender,
        message_id,
        timestamp,
        "interactive",
        user_id=user_id,
        context=_reply_context(),
        interactive=interactive,
    )


def list_message(
    sender: str | None,
    message_id: str,
    row_id: str,
    title: str,
    timestamp: int,
    *,
    description: str | None = None,
    user_id: str | None = None,
) -> JsonObject:
    """A row picked from a list menu we sent."""
    row: JsonObject = {"id": row_id, "title": title}
    if description is not None:
        row["description"] = description
    interactive = {"type": "list_reply", "list_reply": row}
    return message(
        sender,
        message_id,
        timestamp,
        "interactive",
        user_id=user_id,
        context=_reply_context(),
        interactive=interactive,
    )


def template_button_message(
    sender: str | None,
    message_id: str,
    payload: str,
    text: str,
    timestamp: int,
    *,
    user_id: str | None = None,
) -> JsonObject:
    """A tap on a template's quick-reply button (``type: "button"``, not ``interactive``)."""
    return message(
        sender,
        message_id,
        timestamp,
        "button",
        user_id=user_id,
        context=_reply_context(),
        button={"payload": payload, "text": text},
    )


def image_message(
    sender: str | None, message_id: str, timestamp: int, *, caption: str = "", user_id: str | None = None
) -> JsonObject:
    """A photo: acknowledged and kept for staff; its caption is read."""
    image: JsonObject = {
        "mime_type": "image/jpeg",
        "sha256": "HgYqzK8ZPZXrVAPQ4QBq1mHhA4Gs9BvIXPGrBWB2V7Q=",
        "id": "1003383421387256",
    }
    if caption:
        image["caption"] = caption
    return message(sender, message_id, timestamp, "image", user_id=user_id, image=image)


def voice_note_delivery(
    phone_number_id: str, sender: str, message_id: str, media_id: str, sha256: str, timestamp: int
) -> JsonObject:
    """A voice note, as Meta delivers one: the file stays at Meta, under ``media_id``."""
    audio = {"mime_type": "audio/ogg; codecs=opus", "sha256": sha256, "id": media_id, "voice": True}
    item = message(sender, message_id, timestamp, "audio", audio=audio)
    return single_message_delivery(phone_number_id, item)


def status(
    recipient: str, message_id: str, status_: str, timestamp: int, *, callback_data: str | None = None
) -> JsonObject:
    """A ``statuses[]`` receipt for a message we sent (with the ``biz_opaque_callback_data`` we gave it)."""
    extra = {"biz_opaque_callback_data": callback_data} if callback_data is not None else {}
    return {
        **extra,
        "id": message_id,
        "status": status_,
        "timestamp": str(timestamp),
        "recipient_id": recipient,
        "conversation": {"id": "6ceb9d929c2b6d4d8c2ba3a5b2a4f5c1", "origin": {"type": "service"}},
        "pricing": {
            "billable": False,
            "pricing_model": "PMP",
            "category": "service",
            "type": "free_customer_service",
        },
    }


# --- single-message deliveries -----------------------------------------------------------------------------


def single_message_delivery(
    phone_number_id: str, item: JsonObject, *, profile_name: str = PROFILE_NAME
) -> JsonObject:
    """A delivery of one message, with the sender's contact as Meta sends it."""
    sender_contact = contact(item.get("from"), profile_name, user_id=item.get("from_user_id"))
    return delivery(entry(messages_value(phone_number_id, [item], [sender_contact])))


def text_delivery(
    phone_number_id: str,
    sender: str | None,
    message_id: str,
    text: str,
    timestamp: int,
    *,
    user_id: str | None = None,
    profile_name: str = PROFILE_NAME,
) -> JsonObject:
    """A patient typed ``text``."""
    item = text_message(sender, message_id, text, timestamp, user_id=user_id)
    return single_message_delivery(phone_number_id, item, profile_name=profile_name)


def button_delivery(
    phone_number_id: str,
    sender: str | None,
    message_id: str,
    button_id: str,
    title: str,
    timestamp: int,
    *,
    user_id: str | None = None,
    profile_name: str = PROFILE_NAME,
) -> JsonObject:
    """A patient tapped the reply button ``button_id``."""
    item = button_message(sender, message_id, button_id, title, timestamp, user_id=user_id)
    return single_message_delivery(phone_number_id, item, profile_name=profile_name)


def list_delivery(
    phone_number_id: str,
    sender: str | None,
    message_id: str,
    row_id: str,
    title: str,
    timestamp: int,
    *,
    description: str | None = None,
    user_id: str | None = None,
    profile_name: str = PROFILE_NAME,
) -> JsonObject:
    """A patient picked the list row ``row_id``."""
    item = list_message(
        sender, message_id, row_id, title, timestamp, description=description, user_id=user_id
    )
    return single_message_delivery(phone_number_id, item, profile_name=profile_name)


def template_button_delivery(
    phone_number_id: str,
    sender: str | None,
    message_id: str,
    payload: str,
    text: str,
    timestamp: int,
    *,
    user_id: str | None = None,
    profile_name: str = PROFILE_NAME,
) -> JsonObject:
    """A patient tapped a quick-reply button of a template (e.g. a reminder's "Confirmar")."""
    item = template_button_message(sender, message_id, payload, text, timestamp, user_id=user_id)
    return single_message_delivery(phone_number_id, item, profile_name=profile_name)


def image_delivery(
    phone_number_id: str,
    sender: str | None,
    message_id: str,
    timestamp: int,
    *,
    caption: str = "",
    user_id: str | None = None,
    profile_name: str = PROFILE_NAME,
) -> JsonObject:
    """A patient sent a photo."""
    item = image_message(sender, message_id, timestamp, caption=caption, user_id=user_id)
    return single_message_delivery(phone_number_id, item, profile_name=profile_name)


def status_delivery(
    phone_number_id: str,
    recipient: str,
    message_id: str,
    status_: str,
    timestamp: int,
    *,
    callback_data: str | None = None,
) -> JsonObject:
    """A receipt only (no messages): Meta sends these for everything we send."""
    receipt = status(recipient, message_id, status_, timestamp, callback_data=callback_data)
    value = messages_value(phone_number_id, statuses=[receipt])
    return delivery(entry(value))


# --- wire -----------------------------------------------------------------------------------------


def encode(payload: JsonObject) -> bytes:
    """The raw body Meta would POST."""
    return json.dumps(payload).encode()


def signed_headers(app_secret: str, body: bytes) -> dict[str, str]:
    """Headers of a genuine delivery of ``body``."""
    return {"Content-Type": "application/json", SIGNATURE_HEADER: sign(app_secret, body)}


def failed_status(recipient: str, message_id: str, timestamp: int, code: int, title: str) -> JsonObject:
    """A ``failed`` receipt with Meta's error entry."""
    failed = status(recipient, message_id, "failed", timestamp)
    failed["errors"] = [
        {
            "code": code,
            "title": title,
            "message": title,
            "error_data": {"details": title},
            "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
        }
    ]
    return failed


def batch_delivery(phone_number_id: str, sender: str, texts: list[str], timestamp: int) -> JsonObject:
    """Three messages and two receipts in one delivery, as Meta batches them: one read, one failed."""
    messages = [text_message(sender, f"wamid.BATCH{n}", text, timestamp + n) for n, text in enumerate(texts)]
    statuses = [
        status(sender, "wamid.OUT.READ", "read", timestamp),
        failed_status(sender, "wamid.OUT.LATE", timestamp, 131047, "Re-engagement message"),
    ]
    return delivery(entry(messages_value(phone_number_id, messages, [contact(sender)], statuses=statuses)))
