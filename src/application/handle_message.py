"""HandleIncomingMessage: one patient message, from delivery to reply."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from application import texts_es as texts
from application.booking_desk import BookingDesk
from application.buttons import Command, parse_button
from application.confirm_booking import ConfirmBooking
from application.messages import InboundKind, InboundMessage, OutboundMessage
from application.ports import (
    ClinicDirectory,
    Clock,
    ConversationLock,
    DeliveryFailed,
    MessageDeduplicator,
    MessageSender,
    NluContext,
    NluEngine,
    NluUnavailable,
    ServiceUnavailable,
    UnitOfWork,
    UnitOfWorkFactory,
)
from application.preferences import Preferences
from application.texts_es import outreach
from application.visit_desk import VisitDesk
from domain.availability import Availability, Slot
from domain.clinic import Clinic
from domain.conversation import ChatSession, ConversationState, Speaker
from domain.understanding import Intent, Understanding

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HandleIncomingMessage:
    """Dedup -> lock -> load session and clinic -> short-circuit or NLU -> validate -> save -> reply.

    Replies are sent after the transaction committed and while the conversation is
    still locked, so a patient's replies go out in the order of their messages.
    """

    clinics: ClinicDirectory
    unit_of_work: UnitOfWorkFactory
    dedup: MessageDeduplicator
    lock: ConversationLock
    nlu: NluEngine
    sender: MessageSender
    clock: Clock
    confirm: ConfirmBooking = field(default_factory=ConfirmBooking)
    stale_after: timedelta = timedelta(hours=2)

    async def __call__(self, message: InboundMessage) -> None:
        """Handle one message. Raises ``ServiceUnavailable`` when it could not be handled now.

        The message is then not lost to its own dedup claim: Meta's retry gets processed.
        """
        if not await self.dedup.claim(message.clinic_id, message.id):
            log.info("duplicate delivery of %s ignored", message.id)
            return
        try:
            await self._handle(message)
        except BaseException:
            await self._release(message)
            raise
        try:
            await self.dedup.done(message.clinic_id, message.id)
        except ServiceUnavailable:
            # Handled all the same: the claim's lease stands in until it lapses.
            log.warning("could not mark message %s done in the dedup store", message.id)

    async def _release(self, message: InboundMessage) -> None:
        try:
            await self.dedup.release(message.clinic_id, message.id)
        except ServiceUnavailable:
            # The claim is a lease: it lapses on its own, and Meta's retry is handled then.
            log.warning("could not release the claim on message %s", message.id)

    async def _handle(self, message: InboundMessage) -> None:
        clinic = await self.clinics.get(message.clinic_id)
        if clinic is None:
            log.warning("message %s for unknown clinic %s dropped", message.id, message.clinic_id)
            return
        if clinic.is_blocked(message.sender):
            log.info("message from blocked number %s ignored", message.sender.masked())
            return
        if clinic.bot_enabled:
            await self.sender.mark_read(clinic, message.id)
        async with self.lock.hold(clinic.id, message.sender, message.sent_at):
            async with self.unit_of_work() as uow:
                now = self.clock.now()
                session = await uow.sessions.get(clinic.id, message.sender)
                if session is None:
                    session = ChatSession(clinic.id, message.sender)
                if session.booking_in_progress and session.is_stale(now, self.stale_after):
                    session.abandon()
                session.record(Speaker.PATIENT, message.text or message.button_id or "", now)
                replies: list[OutboundMessage] = []
                if clinic.bot_enabled and session.bot_enabled:
                    desk = BookingDesk(clinic, session, await _availability(uow, clinic, now), now)
                    replies = await self._respond(message, desk, uow)
                for reply in replies:
                    session.record(Speaker.BOT, reply.body, now)
                await uow.sessions.save(session)
                await uow.commit()
            log.info(
                "message %s from %s: %s, %d replies",
                message.id,
                message.sender.masked(),
                session.state,
                len(replies),
            )
            for reply in replies:
                try:
                    await self.sender.send(clinic, message.sender, reply)
                except DeliveryFailed as failure:
                    # The turn is committed; redoing it would double its effects. The reply
                    # is lost for now (issue 8 adds the outbox that retries it).
                    log.warning("reply to message %s not delivered: %s", message.id, failure)
                    break

    async def _respond(
        self, message: InboundMessage, desk: BookingDesk, uow: UnitOfWork
    ) -> list[OutboundMessage]:
        if message.kind is InboundKind.BUTTON and message.button_id:
            return await self._press(message.button_id, desk, uow)
        if message.kind is not InboundKind.TEXT or not message.text.strip():
            return [
                texts.unsupported_message(),
                *desk.follow_up(),
            ]
        session = desk.session
        context = NluContext(
            clinic=desk.clinic,
            now=desk.now,
            today=desk.today,
            state=session.state,
            collected=session.collected,
            history=tuple(session.history),
            free_days=desk.availability.days_with_slots(count=5),
            free_slots=_slots_to_discuss(desk),
        )
        try:
            meaning = await self.nlu.understand(message.text, context)
        except NluUnavailable:
            log.warning("NLU unavailable for message %s", message.id)
            return [texts.nlu_unavailable()]
        if meaning.by_model:
            session.model_calls += 1
        saying_yes = meaning.intent is Intent.AFFIRM and not meaning.has_booking_details
        if session.state is ConversationState.CONFIRMING and saying_yes:
            return await self.confirm(uow, desk)
        return await self._about_visits(meaning, desk, uow) or desk.understood(meaning)

    async def _about_visits(
        self, meaning: Understanding, desk: BookingDesk, uow: UnitOfWork
    ) -> list[OutboundMessage]:
        """Opting out, and questions about booked appointments; [] when the message is about booking."""
        preferences = Preferences(desk.clinic, desk.session, uow, desk.now)
        visits = VisitDesk(desk, uow)
        in_progress = desk.session.booking_in_progress
        match meaning.intent:
            case Intent.OPT_OUT:
                return await preferences.opt_out()
            case Intent.OPT_IN:
                return await preferences.opt_in()
            case Intent.MY_APPOINTMENTS:
                return [*await visits.show(), *desk.follow_up()]
            case Intent.RESCHEDULE if not in_progress:
                return await visits.ask_move(meaning)
            case Intent.CANCEL if not in_progress and not meaning.has_booking_details:
                return await visits.ask_cancel()
        return []

    async def _press(self, button_id: str, desk: BookingDesk, uow: UnitOfWork) -> list[OutboundMessage]:
        press = parse_button(button_id, desk.clinic.recalls)
        visits = VisitDesk(desk, uow)
        preferences = Preferences(desk.clinic, desk.session, uow, desk.now)
        match press.command:
            case Command.CONFIRM:
                return await self.confirm(uow, desk)
            case Command.EDIT:
                return desk.edit()
            case Command.CANCEL:
                return desk.cancel()
            case Command.RESET:
                return desk.reset()
            case Command.START:
                return desk.start()
            case Command.PICK_DAY if press.day is not None:
                return desk.pick_day(press.day)
            case Command.PICK_SLOT if press.starts_at is not None:
                return desk.pick_slot(press.doctor_id, press.starts_at)
            case Command.ATTEND:
                return await visits.attend(press.appointment_id)
            case Command.CANCEL_APPOINTMENT:
                return await visits.cancel(press.appointment_id)
            case Command.MOVE_APPOINTMENT:
                return await visits.move(press.appointment_id)
            case Command.KEEP_APPOINTMENT:
                return visits.keep()
            case Command.RECALL_BOOK:
                desk.session.start_booking()
                return [desk.prompt(lead=outreach.recall_book_lead())]
            case Command.RECALL_LATER:
                return await preferences.snooze_recalls()
            case Command.RECALL_STOP:
                return await preferences.opt_out()
        log.info("unknown button id pressed")
        return [texts.unknown_option(), *desk.follow_up()]


async def _availability(uow: UnitOfWork, clinic: Clinic, now: datetime) -> Availability:
    """Free slots from today to the booking horizon, from the store's busy time."""
    today = clinic.today(now)
    last_day = today + timedelta(days=clinic.policy.horizon_days)
    window_start = datetime.combine(today - timedelta(days=1), time(), tzinfo=clinic.timezone).astimezone(UTC)
    window_end = datetime.combine(last_day + timedelta(days=2), time(), tzinfo=clinic.timezone).astimezone(
        UTC
    )
    busy = await uow.appointments.busy(clinic.id, [d.id for d in clinic.doctors], window_start, window_end)
    return Availability.compute(clinic, busy=busy, now=now, first_day=today, last_day=last_day)


def _slots_to_discuss(desk: BookingDesk, most: int = 24) -> list[Slot]:
    """Free times of the day being discussed, else of the first free day: what an NLU may offer."""
    fields = desk.session.collected
    days = (
        [fields.day] if fields.day else desk.availability.days_with_slots(count=1, doctor_id=fields.doctor_id)
    )
    for day in days:
        slots = desk.availability.matching(day=day, doctor_id=fields.doctor_id)
        if slots:
            return list(slots)[:most]
    return []
