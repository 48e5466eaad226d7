"""Outbound messages in Meta's wire format, cut to Meta's limits before they are sent.

Meta answers 400 to a body, title or id over its limit; here the limits are applied
first, so that never happens for our own lengths: long texts are split at paragraph,
line or word boundaries, and labels are shortened with an ellipsis.

A document goes by the id Meta gave its file when it was uploaded (``POST /{phone_number_id}/media``):
the sender uploads it first, then sends the message built here with that id.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from application.messages import (
    ButtonsReply,
    DocumentReply,
    ListReply,
    OutboundMessage,
    TemplateReply,
    TextReply,
)
from domain.ids import AddressKind, PatientAddress

Payload = dict[str, Any]

TEXT_LIMIT = 4096
INTERACTIVE_BODY_LIMIT = 1024
BUTTON_TITLE_LIMIT = 20
BUTTON_ID_LIMIT = 256
LIST_BUTTON_LIMIT = 20
ROW_TITLE_LIMIT = 24
ROW_DESCRIPTION_LIMIT = 72
ROW_ID_LIMIT = 200
SECTION_TITLE_LIMIT = 24
CAPTION_LIMIT = 1024
ELLIPSIS = "…"


def recipient(to: PatientAddress) -> Payload:
    """Phone numbers go in ``to`` with ``+`` and country code; a business-scoped user id in ``recipient``."""
    if to.kind is AddressKind.USER_ID:
        return {"recipient": to.value}
    digits = to.value.removeprefix("+")
    if not digits.isdigit():
        raise ValueError("a WhatsApp phone number is digits with a country code")
    return {"to": f"+{digits}"}


def payloads(to: PatientAddress, message: OutboundMessage, *, media_id: str | None = None) -> list[Payload]:
    """The requests that deliver ``message``, in order (a long text becomes several).

    A ``DocumentReply`` is one request, naming its file by ``media_id``: the id of its upload.
    """
    envelope = {"messaging_product": "whatsapp", "recipient_type": "individual", **recipient(to)}
    match message:
        case TextReply(body=body):
            return [{**envelope, **_text(part)} for part in split(body, TEXT_LIMIT) if part]
        case ButtonsReply(body=body, buttons=buttons):
            *leading, last = split(body, INTERACTIVE_BODY_LIMIT)
            titles = _unique((clip(b.title, BUTTON_TITLE_LIMIT) for b in buttons), BUTTON_TITLE_LIMIT)
            interactive = {
                "type": "button",
                "body": {"text": last},
                "action": {
                    "buttons": [
                        {"type": "reply", "reply": {"id": _fit_id(b.id, BUTTON_ID_LIMIT), "title": title}}
                        for b, title in zip(buttons, titles, strict=True)
                    ]
                },
            }
            return [*({**envelope, **_text(part)} for part in leading), _interactive(envelope, interactive)]
        case ListReply(body=body, button_label=label, rows=rows):
            *leading, last = split(body, INTERACTIVE_BODY_LIMIT)
            titles = _unique((clip(r.title, ROW_TITLE_LIMIT) for r in rows), ROW_TITLE_LIMIT)
            interactive = {
                "type": "list",
                "body": {"text": last},
                "action": {
                    "button": clip(label, LIST_BUTTON_LIMIT),
                    "sections": [
                        {
                            "title": clip(label, SECTION_TITLE_LIMIT),
                            "rows": [
                                {
                                    "id": _fit_id(r.id, ROW_ID_LIMIT),
                                    "title": title,
                                    **(
                                        {"description": clip(r.description, ROW_DESCRIPTION_LIMIT)}
                                        if r.description
                                        else {}
                                    ),
                                }
                                for r, title in zip(rows, titles, strict=True)
                            ],
                        }
                    ],
                },
            }
            return [*({**envelope, **_text(part)} for part in leading), _interactive(envelope, interactive)]
        case TemplateReply():
            return [{**envelope, "type": "template", "template": _template(message)}]
        case DocumentReply(filename=filename, body=caption):
            if not media_id:
                raise ValueError("a document is sent by the media id of its upload")
            document: Payload = {"id": media_id, "filename": filename}
            if caption := _caption(caption):
                document["caption"] = caption
            return [{**envelope, "type": "document", "document": document}]


def read_receipt(message_id: str) -> Payload:
    """Marks a patient's message read (blue ticks) and shows "typing…" while the reply is prepared."""
    return {
        "messaging_product": "whatsapp",
        "status": "read",
        "message_id": message_id,
        "typing_indicator": {"type": "text"},
    }


def split(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut between paragraphs, else lines, else words.

    A paragraph or line break is preferred when it falls in the second half of the piece,
    so no piece is needlessly short. An empty text is one empty piece.
    """
    text = text.strip()
    pieces: list[str] = []
    while len(text) > limit:
        window = text[: limit + 1]
        found = [window.rfind(separator) for separator in ("\n\n", "\n", " ")]
        cut = next((at for at in found if at >= limit // 2), max(found))
        if cut <= 0:
            cut = limit  # one unbroken word longer than the limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*pieces, text] if text or not pieces else pieces


def clip(text: str, limit: int) -> str:
    """``text`` if it fits, else shortened to ``limit`` characters ending in an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def _caption(text: str) -> str:
    """A caption within Meta's limit: line breaks kept (unlike ``clip``), cut at a word, with an ellipsis."""
    text = text.strip()
    return text if len(text) <= CAPTION_LIMIT else split(text, CAPTION_LIMIT - 1)[0] + ELLIPSIS


def _unique(titles: Iterable[str], limit: int) -> list[str]:
    """Meta refuses two buttons (or rows) with the same title: number the repeats."""
    seen: dict[str, int] = {}
    result: list[str] = []
    for title in titles:
        count = seen.get(title, 0) + 1
        seen[title] = count
        if count > 1:
            suffix = f" ({count})"
            title = title[: limit - len(suffix)].rstrip() + suffix
        result.append(title)
    return result


def _fit_id(button_id: str, limit: int) -> str:
    if len(button_id) > limit:
        # An id is data, not text: shortening it would change what the tap means.
        raise ValueError(f"a button id is longer than Meta's {limit} characters")
    return button_id


def _text(body: str) -> Payload:
    return {"type": "text", "text": {"body": body, "preview_url": False}}


def _interactive(envelope: Payload, interactive: Payload) -> Payload:
    return {**envelope, "type": "interactive", "interactive": interactive}


def _template(message: TemplateReply) -> Payload:
    components: list[Payload] = []
    if message.body_parameters:
        components.append(
            {"type": "body", "parameters": [{"type": "text", "text": p} for p in message.body_parameters]}
        )
    components.extend(
        {
            "type": "button",
            "sub_type": "quick_reply",
            "index": str(index),
            "parameters": [{"type": "payload", "payload": payload}],
        }
        for index, payload in enumerate(message.quick_reply_payloads)
    )
    template: Payload = {"name": message.name, "language": {"code": message.language}}
    if components:
        template["components"] = components
    return template
