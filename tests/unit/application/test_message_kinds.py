"""Every kind of message a patient can send, answered as a receptionist would (issue 21).

Photos, documents and contact cards are kept for staff and acknowledged; a caption is read as
text; a location gets the clinic's address; a sticker gets nothing unless a booking waits for
an answer; reactions, edits, deletions, notices, call events, flows and unknown kinds get no
answer at all, and never call the model.
"""

from __future__ import annotations

from datetime import timedelta

from application import texts_es as texts
from application.messages import ButtonsReply, InboundKind, InboundMessage, Media, OutboundMessage
from domain.conversation import Attachment
from domain.conversation import ConversationState as S
from domain.ids import MessageId
from domain.understanding import Intent, Understanding
from domain.when import ClockTime
from tests.unit.application.conftest import ANA, TOMORROW, FakeApp

BOOK = Understanding(Intent.BOOK)
ALL_AT_ONCE = Understanding(Intent.BOOK, day=TOMORROW, time=ClockTime(10), patient_name="Ana López")
SILENT = (
    InboundKind.REACTION,
    InboundKind.EDIT,
    InboundKind.DELETED,
    InboundKind.SYSTEM,
    InboundKind.CALL,
    InboundKind.FLOW,
    InboundKind.UNSUPPORTED,
)


def sent(app: FakeApp, kind: InboundKind, text: str = "", **extra: object) -> InboundMessage:
    """A message of ``kind`` from Ana, now, with a fresh id."""
    return InboundMessage(
        MessageId(f"wamid.k{next(app.ids)}"),
        app.clinic.id,
        ANA,
        app.clock.now(),
        kind,
        text,
        **extra,  # type: ignore[arg-type]
    )


def photo(app: FakeApp, caption: str = "") -> InboundMessage:
    return sent(app, InboundKind.IMAGE, caption, media=Media("media-1", "image/jpeg"))


async def together(app: FakeApp, *messages: InboundMessage) -> list[OutboundMessage]:
    """Messages that wait in the inbox together and are answered in one turn."""
    before = len(app.sender.sent)
    await app.intake.accept(list(messages))
    await app.turn.take_turn(app.clinic.id, ANA)
    return [s.message for s in app.sender.sent[before:]]


async def test_a_photo_is_acknowledged_kept_for_staff_and_never_read(app: FakeApp) -> None:
    message = photo(app)
    assert await app.deliver(message) == [texts.received_for_staff(app.clinic, InboundKind.IMAGE)]
    assert app.nlu.calls == 0
    heard = app.session().history[0]
    assert heard.attachment == Attachment("image", message.id, "image/jpeg", "")


async def test_a_caption_is_read_as_if_typed(app: FakeApp) -> None:
    app.means("quiero una hora mañana a las 10, Ana López", ALL_AT_ONCE)
    received, card = await app.deliver(photo(app, "quiero una hora mañana a las 10, Ana López"))
    assert received == texts.received_for_staff(app.clinic, InboundKind.IMAGE)
    assert isinstance(card, ButtonsReply)
    assert app.session().state is S.CONFIRMING


async def test_a_document_mid_booking_is_acknowledged_and_the_question_asked_again(app: FakeApp) -> None:
    app.means("quiero agendar", BOOK)
    [question] = await app.say("quiero agendar")
    document = sent(app, InboundKind.DOCUMENT, media=Media("media-2", "application/pdf", "orden.pdf"))
    assert await app.deliver(document) == [
        texts.received_for_staff(app.clinic, InboundKind.DOCUMENT),
        question,
    ]


async def test_a_contact_card_is_acknowledged_and_kept_for_staff(app: FakeApp) -> None:
    card = sent(app, InboundKind.CONTACTS, "Jorge Díaz · +56 9 8888 7777")
    assert await app.deliver(card) == [texts.received_for_staff(app.clinic, InboundKind.CONTACTS)]
    heard = app.session().history[0]
    assert heard.text == "Jorge Díaz · +56 9 8888 7777"
    assert heard.attachment == Attachment("contacts")
    assert app.nlu.calls == 0


async def test_a_location_gets_the_clinics_address_and_a_maps_link(app: FakeApp) -> None:
    [reply] = await app.deliver(sent(app, InboundKind.LOCATION, "-33.4263,-70.6200"))
    assert app.clinic.address in reply.body
    assert "https://www.google.com/maps/search/?api=1&query=" in reply.body


async def test_a_sticker_gets_nothing_unless_a_booking_waits_for_an_answer(app: FakeApp) -> None:
    sticker = Media("media-3", "image/webp")
    assert await app.deliver(sent(app, InboundKind.STICKER, media=sticker)) == []
    app.means("quiero agendar", BOOK)
    [question] = await app.say("quiero agendar")
    [again] = await app.deliver(sent(app, InboundKind.STICKER, media=sticker))
    assert again.body.startswith(texts.back_to_booking(app.clinic))
    assert again.body.endswith(question.body)


async def test_reactions_edits_notices_calls_flows_and_unknown_kinds_get_no_answer(app: FakeApp) -> None:
    for kind in SILENT:
        assert await app.deliver(sent(app, kind, "👍")) == [], kind
    assert app.nlu.calls == 0
    assert [turn.attachment.kind for turn in app.session().history if turn.attachment] == [
        kind.value for kind in SILENT
    ]


async def test_a_reaction_to_the_confirmation_card_is_not_a_confirmation(app: FakeApp) -> None:
    app.means("mañana a las 10, Ana López", ALL_AT_ONCE)
    await app.say("mañana a las 10, Ana López")
    assert app.session().state is S.CONFIRMING
    thumbs_up = sent(app, InboundKind.REACTION, "👍", refers_to=MessageId("wamid.card"))
    assert await app.deliver(thumbs_up) == []
    assert app.session().state is S.CONFIRMING
    assert app.appointments() == []


async def test_an_edit_of_a_message_not_yet_answered_replaces_it(app: FakeApp) -> None:
    app.means("quiero agendar mañana a las 10, Ana López", ALL_AT_ONCE)
    typo = sent(app, InboundKind.TEXT, "quiero agendar mañana a las 19")
    fixed = sent(app, InboundKind.EDIT, "quiero agendar mañana a las 10, Ana López", refers_to=typo.id)
    [card] = await together(app, typo, fixed)
    assert app.nlu.read == ["quiero agendar mañana a las 10, Ana López"]
    assert isinstance(card, ButtonsReply)


async def test_an_edit_of_a_message_answered_before_is_kept_for_staff_and_not_answered(app: FakeApp) -> None:
    app.means("hola", Understanding(Intent.GREET))
    await app.say("hola")
    app.clock.advance(timedelta(minutes=1))
    edit = sent(app, InboundKind.EDIT, "hola, buenas", refers_to=MessageId("wamid.0"))
    assert await app.deliver(edit) == []
    assert app.session().history[-1].text == "hola, buenas"
    assert app.nlu.read == ["hola"]


async def test_a_message_deleted_before_it_was_answered_is_not_read(app: FakeApp) -> None:
    wrong = sent(app, InboundKind.TEXT, "cancela mi hora")
    deleted = sent(app, InboundKind.DELETED, refers_to=wrong.id)
    assert await together(app, wrong, deleted) == []
    assert app.nlu.calls == 0


async def test_opening_the_chat_for_the_first_time_gets_the_welcome(app: FakeApp) -> None:
    assert await app.deliver(sent(app, InboundKind.WELCOME)) == [texts.welcome(app.clinic)]


async def test_a_voice_note_without_a_transcriber_asks_to_write_and_is_kept_for_staff(app: FakeApp) -> None:
    note = sent(app, InboundKind.AUDIO, media=Media("media-4", "audio/ogg; codecs=opus", voice=True))
    assert await app.deliver(note) == [texts.cannot_listen_yet(app.clinic)]
    assert app.nlu.calls == 0
    heard = app.session().history[0]
    assert heard.attachment == Attachment("audio", note.id, "audio/ogg; codecs=opus", "")
