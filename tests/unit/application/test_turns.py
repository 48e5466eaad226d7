"""Intake and turns: accepted messages are never lost, answered in order, together, and a person
takes over when the bot keeps failing. In-memory adapters, a fixed clock moved by hand."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta

from adapters.memory.lock import InMemoryConversationLock
from adapters.memory.outbox import InMemoryOutbox
from application import texts_es as texts
from application.conversation import MAX_READ_PER_MESSAGE, MAX_READ_PER_TURN, coalesced
from application.messages import InboundMessage
from application.ports import NluContext, NluUnavailable, ServiceUnavailable
from application.turn_processor import TurnPolicy
from domain.conversation import ConversationState as S
from domain.throttle import Limit, PatientLimits
from domain.understanding import Intent, Understanding
from domain.when import ClockTime
from tests.unit.application.conftest import ANA, BETO, NOW, TOMORROW, FakeApp, RateLimited, Refused

BOOK = Understanding(Intent.BOOK)
ALL_AT_ONCE = Understanding(Intent.BOOK, day=TOMORROW, time=ClockTime(4), patient_name="Ana López")


def text(app: FakeApp, message_id: str, words: str, seconds: int = 0) -> InboundMessage:
    return InboundMessage.text_message(
        message_id, app.clinic.id, ANA, NOW + timedelta(seconds=seconds), words
    )


async def test_a_redelivered_message_is_handled_once(app: FakeApp) -> None:
    app.means("Quiero agendar una cita", BOOK)
    message = text(app, "wamid.same", "Quiero agendar una cita")
    await app.deliver(message)
    assert await app.deliver(message) == []
    assert await app.intake.accept([message]) == []
    assert app.nlu.calls == 1


async def test_a_failed_turn_keeps_its_messages_and_a_later_turn_answers_them(app: FakeApp) -> None:
    app.means("Quiero agendar una cita", BOOK)
    app.nlu.failure = RuntimeError("boom")  # a bug, not an outage: still nothing is lost
    message = text(app, "wamid.retry", "Quiero agendar una cita")
    assert await app.deliver(message) == []
    assert await app.deliver(message) == []  # Meta's redelivery changes nothing: it is in the inbox
    # Not before its pause is over...
    assert await app.inbox.waiting(app.clock.now(), 10) == []
    app.clock.advance(app.turns.backoff.first)
    assert await app.inbox.waiting(app.clock.now(), 10) == [(app.clinic.id, ANA)]
    # ...and then it is answered.
    app.nlu.failure = None
    before = len(app.sender.sent)
    assert await app.turn.take_turn(app.clinic.id, ANA)
    assert len(app.sender.sent) > before
    assert app.session().state is S.COLLECTING_DATE
    assert await app.inbox.waiting(app.clock.now() + timedelta(days=1), 10) == []
    assert (app.metrics.counted["turn", "bug"], app.metrics.counted["turn", "answered"]) == (1, 1)


async def test_a_busy_conversation_puts_the_turn_off_without_losing_the_message(app: FakeApp) -> None:
    app.means("Quiero agendar una cita", BOOK)
    app.lock = InMemoryConversationLock(settle_seconds=0, wait_seconds=0.01)
    message = text(app, "wamid.busy", "Quiero agendar una cita")
    async with app.lock.hold(app.clinic.id, ANA, NOW):  # another turn of Ana's is running
        assert await app.deliver(message) == []
        assert app.nlu.calls == 0
    assert await app.turn.take_turn(app.clinic.id, ANA)
    assert app.session().state is S.COLLECTING_DATE
    assert app.metrics.counted["turn", "put_off"] == 1


async def test_an_nlu_outage_is_tried_again_later_not_answered_with_an_apology(app: FakeApp) -> None:
    app.means("Quiero agendar una cita", BOOK)
    app.nlu.failure = NluUnavailable("overloaded")
    assert await app.say("Quiero agendar una cita") == []
    assert (app.clinic.id, ANA) not in app.uow.store.sessions  # the failed turn left no trace
    app.nlu.failure = None
    app.clock.advance(timedelta(seconds=5))
    assert await app.turn.take_turn(app.clinic.id, ANA)
    assert app.session().state is S.COLLECTING_DATE
    assert (app.metrics.counted["turn", "failed"], app.metrics.counted["turn", "answered"]) == (1, 1)


async def test_in_a_terminal_an_nlu_outage_is_answered_at_once(app: FakeApp) -> None:
    app.apologise_when_nlu_fails = True
    app.nlu.failure = NluUnavailable("timeout")
    [reply] = await app.say("hola")
    assert reply == texts.nlu_unavailable(app.clinic)
    assert app.session().state is S.IDLE


async def test_after_repeated_failures_a_person_takes_over_and_the_patient_is_told(app: FakeApp) -> None:
    app.turns = TurnPolicy(max_attempts=3)
    app.nlu.failure = NluUnavailable("down for good")
    assert await app.say("Quiero agendar una cita") == []
    for _ in range(2):
        app.clock.advance(timedelta(minutes=10))
        assert not await app.turn.take_turn(app.clinic.id, ANA)
    assert app.sender.sent == []
    app.clock.advance(timedelta(minutes=10))
    assert await app.turn.take_turn(app.clinic.id, ANA)  # the fourth turn hands over
    [told] = [s.message for s in app.sender.sent]
    assert told == texts.handed_to_staff(app.clinic)
    assert not app.session().bot_enabled
    assert app.session().history[0].text == "Quiero agendar una cita"  # staff see what was said
    assert app.nlu.calls == 3
    # The bot stays quiet for this conversation; what the patient writes is still recorded.
    app.nlu.failure = None
    assert await app.say("¿hola?") == []
    assert app.session().history[-1].text == "¿hola?"
    assert app.nlu.calls == 3
    counted = app.metrics.counted
    assert (counted["turn", "failed"], counted["turn", "handed_off"], counted["turn", "recorded"]) == (
        3,
        1,
        1,
    )
    assert await app.inbox.waiting(app.clock.now() + timedelta(days=1), 10) == []


async def test_messages_queued_during_a_turn_are_answered_together_in_the_order_sent(app: FakeApp) -> None:
    # "a las 4" was sent after "mañana" but arrived first: the turn reads them in the order sent.
    app.means("Quiero agendar una cita\nmañana\na las 4", Understanding(Intent.BOOK, day=TOMORROW))
    messages = [
        text(app, "wamid.3", "a las 4", seconds=3),
        text(app, "wamid.1", "Quiero agendar una cita", seconds=1),
        text(app, "wamid.2", "mañana", seconds=2),
    ]
    assert await app.intake.accept(messages) == messages
    assert await app.turn.take_turn(app.clinic.id, ANA)
    assert app.nlu.calls == 1
    assert len(app.sender.sent) == 1  # one answer, not a burst of three
    assert [t.text for t in list(app.session().history)[:3]] == [
        "Quiero agendar una cita",
        "mañana",
        "a las 4",
    ]
    assert app.session().state is S.COLLECTING_TIME


def test_coalescing_joins_consecutive_texts_and_keeps_buttons_apart(app: FakeApp) -> None:
    hola = text(app, "wamid.1", "hola")
    cita = text(app, "wamid.2", "quiero una cita")
    press = InboundMessage.button_press("wamid.3", app.clinic.id, ANA, NOW, "CONFIRM_BOOKING")
    gracias = text(app, "wamid.4", "gracias")
    merged = coalesced([hola, cita, press, gracias])
    assert [(m.id, m.text) for m in merged] == [
        ("wamid.2", "hola\nquiero una cita"),
        ("wamid.3", ""),
        ("wamid.4", "gracias"),
    ]


async def test_a_turn_holding_messages_keeps_others_off_them_until_its_lease_ends(app: FakeApp) -> None:
    await app.intake.accept([text(app, "wamid.1", "hola")])
    lease = app.turns.lease
    [held] = await app.inbox.claim(app.clinic.id, ANA, app.clock.now(), lease)  # a turn that then dies
    assert held.attempts == 1
    assert await app.inbox.claim(app.clinic.id, ANA, app.clock.now(), lease) == []
    assert await app.inbox.waiting(app.clock.now() + lease / 2, 10) == []
    app.clock.advance(lease)
    assert await app.inbox.waiting(app.clock.now(), 10) == [(app.clinic.id, ANA)]
    assert await app.turn.take_turn(app.clinic.id, ANA)
    assert app.session().history[0].text == "hola"


async def test_fresh_messages_are_left_to_their_webhook_turn_for_a_moment(app: FakeApp) -> None:
    await app.intake.accept([text(app, "wamid.1", "hola")])
    assert await app.inbox.waiting(app.clock.now(), 10) == []
    app.clock.advance(timedelta(seconds=10))
    assert await app.inbox.waiting(app.clock.now(), 10) == [(app.clinic.id, ANA)]


async def test_conversations_are_independent(app: FakeApp) -> None:
    app.means("Quiero agendar una cita", BOOK)
    app.nlu.failure = NluUnavailable("down")
    await app.say("Quiero agendar una cita")
    app.nlu.failure = None
    await app.say("Quiero agendar una cita", who=BETO)
    assert app.session(BETO).state is S.COLLECTING_DATE
    assert (app.clinic.id, ANA) not in app.uow.store.sessions


async def test_a_failed_turn_is_retried_together_with_the_next_message(app: FakeApp) -> None:
    app.means("Quiero agendar una cita\nmañana a las 4", Understanding(Intent.BOOK, time=ClockTime(4)))
    app.nlu.failure = NluUnavailable("blip")
    await app.deliver(text(app, "wamid.1", "Quiero agendar una cita"))
    app.nlu.failure = None
    # The patient writes again before the pause is over: both are read together, at once.
    await app.deliver(text(app, "wamid.2", "mañana a las 4", seconds=5))
    assert app.nlu.calls == 2
    assert [t.text for t in list(app.session().history)[:2]] == ["Quiero agendar una cita", "mañana a las 4"]


async def test_a_flood_costs_one_bounded_reading(app: FakeApp) -> None:
    flood = [text(app, f"wamid.{n}", f"mensaje {n} " + "x" * 5000, seconds=n) for n in range(100)]
    await app.intake.accept(flood)
    assert await app.turn.take_turn(app.clinic.id, ANA)
    [read] = app.nlu.read
    assert len(read) <= MAX_READ_PER_TURN
    assert read.startswith("mensaje 98") or "mensaje 99" in read  # the latest words are kept
    assert len(app.session().history) > 0


def test_a_long_text_is_read_up_to_its_bound(app: FakeApp) -> None:
    [read] = coalesced([text(app, "wamid.1", "mañana " * 10_000)])
    assert len(read.text) == MAX_READ_PER_MESSAGE


async def test_a_reply_meta_cannot_take_now_is_sent_later_and_the_turn_is_not_redone(app: FakeApp) -> None:
    app.means("Quiero agendar una cita", BOOK)
    app.refuse(RateLimited("130429"))
    assert await app.say("Quiero agendar una cita") == []
    assert app.session().state is S.COLLECTING_DATE  # the turn stands
    assert await app.outbox.waiting(app.clock.now(), 10) == []  # pausing
    app.clock.advance(app.deliver_replies.policy.backoff.first)
    assert await app.outbox.waiting(app.clock.now(), 10) == [(app.clinic.id, ANA)]
    assert await app.turn.take_turn(app.clinic.id, ANA)
    [reply] = [s.message for s in app.sender.sent]
    assert "¿Para qué día" in reply.body
    assert app.nlu.calls == 1
    assert await app.turn.take_turn(app.clinic.id, ANA)  # nothing is sent twice
    assert len(app.sender.sent) == 1


async def test_a_longer_pause_meta_asks_for_is_kept_and_a_shorter_one_does_not_hurry_the_retry(
    app: FakeApp,
) -> None:
    app.means("Quiero agendar una cita", BOOK)
    slow_down = RateLimited("130429")
    slow_down.retry_after = timedelta(minutes=2)
    app.refuse(slow_down)
    await app.say("Quiero agendar una cita")
    app.clock.advance(app.deliver_replies.policy.backoff.first)
    assert await app.outbox.waiting(app.clock.now(), 10) == []  # Meta asked for 2 minutes
    app.clock.advance(timedelta(minutes=2))
    assert await app.outbox.waiting(app.clock.now(), 10) == [(app.clinic.id, ANA)]
    hurry = RateLimited("130429")
    hurry.retry_after = timedelta(seconds=1)
    app.refuse(hurry)
    assert not await app.turn.take_turn(app.clinic.id, ANA)
    app.clock.advance(timedelta(seconds=1))
    assert await app.outbox.waiting(app.clock.now(), 10) == []  # the backoff is longer
    app.clock.advance(app.deliver_replies.policy.backoff.delay(2))
    assert await app.turn.take_turn(app.clinic.id, ANA)
    assert len(app.sender.sent) == 1


async def test_a_reply_cut_part_way_goes_on_from_the_first_part_meta_did_not_take(app: FakeApp) -> None:
    app.means("Quiero agendar una cita", BOOK)
    cut = RateLimited("131000")
    cut.parts_sent = 2
    app.refuse(cut)
    await app.say("Quiero agendar una cita")
    app.clock.advance(app.deliver_replies.policy.backoff.first)
    assert await app.turn.take_turn(app.clinic.id, ANA)
    assert app.from_parts == [0, 2]
    assert len(app.sender.sent) == 1


async def test_replies_keep_their_order_behind_one_that_waits(app: FakeApp) -> None:
    app.means("Quiero agendar una cita", BOOK)
    app.refuse(RateLimited("131056"))
    await app.say("Quiero agendar una cita")
    app.clock.advance(timedelta(seconds=1))
    await app.say("¿hola?")  # its reply must not overtake the first one
    assert app.sender.sent == []
    app.clock.advance(timedelta(seconds=5))
    assert await app.turn.take_turn(app.clinic.id, ANA)
    first, *rest = [s.message for s in app.sender.sent]
    assert "¿Para qué día" in first.body
    assert rest


async def test_a_reply_refused_for_good_is_failed_and_the_next_ones_still_go(app: FakeApp) -> None:
    app.means("Mañana a las 4, soy Ana López", ALL_AT_ONCE)
    app.refuse(Refused("131026"))
    await app.say("Mañana a las 4, soy Ana López")
    assert app.sender.sent == []
    [failed] = app.uow.store.outbox.failed
    assert "Refused" in (failed.last_error or "")
    await app.press("CONFIRM_BOOKING")
    assert "✅" in app.sender.sent[-2].message.body  # the card, then its calendar file


async def test_a_send_cut_short_is_not_repeated_once_meta_reports_it(app: FakeApp) -> None:
    app.means("Quiero agendar una cita", BOOK)
    await app.intake.accept([text(app, "wamid.1", "Quiero agendar una cita")])
    app.refuse(RateLimited("x"))  # keep the reply in the outbox for a moment
    await app.turn.take_turn(app.clinic.id, ANA)
    app.clock.advance(timedelta(seconds=5))
    # A sender takes the reply, hands it to Meta, and dies before recording it.
    [held] = await app.outbox.claim(app.clinic.id, ANA, app.clock.now(), app.deliver_replies.policy.lease)
    assert held.reference.startswith("outbox:")
    # Meta's delivery report, carrying the reference, settles it.
    assert await app.outbox.confirm(held.reference, app.clock.now())
    app.clock.advance(app.deliver_replies.policy.lease * 2)
    assert await app.outbox.waiting(app.clock.now(), 10) == []
    assert await app.turn.take_turn(app.clinic.id, ANA)
    assert app.sender.sent == []
    assert not await app.outbox.confirm("outbox:999999", app.clock.now())
    assert not await app.outbox.confirm("someone else's", app.clock.now())


async def test_without_a_report_a_send_cut_short_goes_again_after_its_lease(app: FakeApp) -> None:
    app.means("Quiero agendar una cita", BOOK)
    await app.intake.accept([text(app, "wamid.1", "Quiero agendar una cita")])
    app.refuse(RateLimited("x"))
    await app.turn.take_turn(app.clinic.id, ANA)
    app.clock.advance(timedelta(seconds=5))
    await app.outbox.claim(app.clinic.id, ANA, app.clock.now(), app.deliver_replies.policy.lease)  # then dies
    assert await app.outbox.waiting(app.clock.now(), 10) == []
    app.clock.advance(app.deliver_replies.policy.lease)
    assert await app.turn.take_turn(app.clinic.id, ANA)
    [reply] = app.sender.sent
    assert reply.reference is not None


async def test_a_turn_that_hangs_is_cut_off_before_its_lease_ends_and_its_messages_go_back(
    app: FakeApp,
) -> None:
    app.turns = TurnPolicy(lease=timedelta(milliseconds=200))

    async def hang(text: str, context: NluContext) -> Understanding:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    app.nlu.understand = hang  # type: ignore[method-assign]
    await app.intake.accept([text(app, "wamid.1", "¿y eso qué significa?")])
    async with asyncio.timeout(2):
        assert not await app.turn.take_turn(app.clinic.id, ANA)
    assert (app.clinic.id, ANA) not in app.uow.store.sessions
    app.clock.advance(timedelta(minutes=1))
    assert await app.inbox.waiting(app.clock.now(), 10) == [(app.clinic.id, ANA)]


class OutboxAway(InMemoryOutbox):
    """An outbox whose database goes away just when a reply is to be marked sent."""

    away = True

    async def sent(self, reply_id: int, now: datetime) -> None:
        if self.away:
            raise ServiceUnavailable("database unreachable")
        await super().sent(reply_id, now)


async def test_a_reply_meta_took_is_never_sent_again_when_its_sent_mark_could_not_be_written(
    app: FakeApp,
) -> None:
    app.means("Quiero agendar una cita", BOOK)
    outbox = OutboxAway(app.uow.store.outbox)
    turn = replace(app.turn, deliver=replace(app.deliver_replies, outbox=outbox))
    await app.intake.accept([text(app, "wamid.1", "Quiero agendar una cita")])
    assert not await turn.take_turn(app.clinic.id, ANA)  # sent, but not recorded as sent
    assert len(app.sender.sent) == 1
    outbox.away = False
    app.clock.advance(turn.deliver.policy.lease)  # its lease is over: the sweep comes back to it
    assert await outbox.waiting(app.clock.now(), 10) == [(app.clinic.id, ANA)]
    assert await turn.take_turn(app.clinic.id, ANA)
    assert len(app.sender.sent) == 1  # recorded now, not sent twice
    assert await outbox.waiting(app.clock.now() + timedelta(days=1), 10) == []


async def test_a_patient_who_used_up_their_model_calls_is_read_offline_until_the_hour_has_passed(
    app: FakeApp,
) -> None:
    app.limits = PatientLimits(model_calls=Limit(2, timedelta(hours=1)))
    app.means("¿qué me recomiendas?", Understanding(Intent.UNKNOWN, by_model=True))
    for _ in range(4):
        await app.say("¿qué me recomiendas?")
        app.clock.advance(timedelta(minutes=1))
    assert [c.model_allowed for c in app.nlu.contexts] == [True, True, False, False]
    assert app.session().model_calls == 2
    app.clock.advance(timedelta(hours=1))
    await app.say("¿qué me recomiendas?")
    assert app.nlu.contexts[-1].model_allowed


async def test_a_flood_of_taps_gets_a_bounded_number_of_replies(app: FakeApp) -> None:
    app.limits = PatientLimits(replies=Limit(5, timedelta(minutes=1)))
    for _ in range(20):
        await app.press("RESET")
    assert len(app.sender.sent) == 5
    assert app.session().state is S.IDLE  # every tap still did what it does
    app.clock.advance(timedelta(minutes=1))
    assert len(await app.press("RESET")) == 1


async def test_a_flood_answered_in_one_turn_gets_one_read_receipt_for_its_newest_message(
    app: FakeApp,
) -> None:
    flood = [text(app, f"wamid.{n}", f"mensaje {n}", seconds=n) for n in range(30)]
    await app.intake.accept(list(reversed(flood)))  # arrival order is not the order sent
    assert await app.turn.take_turn(app.clinic.id, ANA)
    assert app.sender.read == ["wamid.29"]  # Meta marks every earlier message read with it
    # Each later turn still gets its own, for its newest message.
    await app.intake.accept(
        [text(app, "wamid.30", "hola", seconds=40), text(app, "wamid.31", "¿?", seconds=41)]
    )
    assert await app.turn.take_turn(app.clinic.id, ANA)
    assert app.sender.read == ["wamid.29", "wamid.31"]


async def test_a_retried_turn_sends_no_read_receipt_again_unless_something_new_came(app: FakeApp) -> None:
    app.nlu.failure = NluUnavailable("blip")
    await app.deliver(text(app, "wamid.1", "Quiero agendar una cita"))
    assert app.sender.read == ["wamid.1"]
    app.clock.advance(timedelta(minutes=1))
    assert not await app.turn.take_turn(app.clinic.id, ANA)  # the same message, tried again
    assert app.sender.read == ["wamid.1"]
    app.nlu.failure = None
    await app.deliver(text(app, "wamid.2", "mañana", seconds=90))
    assert app.sender.read == ["wamid.1", "wamid.2"]
