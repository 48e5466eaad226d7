"""`clinicflow chat`: talk to the bot in a terminal as a patient would, through the same use case."""

from __future__ import annotations

import asyncio
import itertools
import sys
import uuid
from collections.abc import Awaitable, Callable
from pathlib import PurePath
from typing import TextIO

from adapters.memory.sender import RecordingSender
from application.intake import Intake
from application.messages import DocumentReply, InboundMessage, ListReply, OutboundMessage, choices_of
from application.plain_text import clean
from application.ports import Clock
from application.turn_processor import TurnProcessor
from domain.clinic import Clinic
from domain.ids import PatientAddress

QUIT = {"/salir", "/exit", "/quit"}

ReadLine = Callable[[str], Awaitable[str | None]]


async def read_stdin(prompt: str) -> str | None:
    """One line from the terminal without blocking the event loop; None at end of input.

    Piped input is echoed after the prompt, so a scripted session reads like a transcript.
    """
    try:
        line = await asyncio.to_thread(input, prompt)
    except EOFError:
        return None
    if not sys.stdin.isatty():
        print(line, flush=True)
    return line


# What a file is, by its name's extension, as a patient would call it.
_FILE_KINDS = {".ics": "calendario", ".pdf": "PDF", ".txt": "texto"}


def render(message: OutboundMessage) -> list[str]:
    """A reply as the terminal shows it: the text, then numbered choices to type (or the file sent)."""
    text = message.body.split("\n")
    if isinstance(message, DocumentReply):  # its caption, then the file as WhatsApp shows it
        text = [*(text if message.body else []), f"📎 {message.filename} ({_file_kind(message)})"]
    lines = [f"bot> {line}" if index == 0 else f"     {line}" for index, line in enumerate(text)]
    if isinstance(message, ListReply):
        rows = [
            f"       [{n}] {row.title}  {row.description}".rstrip() for n, row in enumerate(message.rows, 1)
        ]
        lines += [f"     ({message.button_label})", *rows]
    else:
        lines += [f"       [{n}] {title}" for n, (_, title) in enumerate(choices_of(message), 1)]
    return lines


def _file_kind(document: DocumentReply) -> str:
    return _FILE_KINDS.get(PurePath(document.filename).suffix.lower(), document.mime_type)


async def run_chat(
    intake: Intake,
    turns: TurnProcessor,
    sender: RecordingSender,
    clinic: Clinic,
    clock: Clock,
    *,
    patient: PatientAddress,
    read_line: ReadLine = read_stdin,
    out: TextIO,
) -> None:
    """Read the patient's lines, record each (``intake``), answer it at once (``turns``) and print
    the bot's replies.

    Typing the number of a choice presses that button (its id is sent, as WhatsApp would).
    """
    print(f"Chat con {clinic.name}. Escribe como lo harías en WhatsApp; /salir para terminar.", file=out)
    # Message ids are unique across runs: a durable inbound log remembers earlier chats' ids.
    run = uuid.uuid4().hex[:12]
    ids = itertools.count(1)
    choices: list[tuple[str, str]] = []
    seen = len(sender.sent)
    while (line := await read_line("tú> ")) is not None:
        text = clean(line).strip()  # a NUL or an undecodable byte typed would not fit PostgreSQL
        if text.lower() in QUIT:
            break
        if not text:
            continue
        message_id = f"chat.{run}.{next(ids)}"
        if text.isdigit() and 1 <= int(text) <= len(choices):
            button_id, title = choices[int(text) - 1]
            message = InboundMessage.button_press(
                message_id, clinic.id, patient, clock.now(), button_id, title
            )
        else:
            message = InboundMessage.text_message(message_id, clinic.id, patient, clock.now(), text)
        if await intake.accept([message]):
            await turns.take_turn(clinic.id, patient, message.sent_at)
        replies = [sent.message for sent in sender.sent[seen:]]
        seen = len(sender.sent)
        for reply in replies:
            print("\n".join(render(reply)), file=out, flush=True)
        # Numbers press the buttons of this turn's last menu only, never a stale one.
        choices = next((c for c in map(choices_of, reversed(replies)) if c), [])
    print("¡Hasta pronto!", file=out)
