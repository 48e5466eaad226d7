"""Responder: what the bot answers to one message, given the session, the clinic and its availability.

Buttons short-circuit (never the NLU); free text is read by the NLU and every proposal is
checked by the booking desk. Changes are staged in the caller's unit of work.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from application import texts_es as texts
from application.booking_desk import BookingDesk
from application.buttons import Command, parse_button
from application.confirm_booking import ConfirmBooking
from application.consent import ConsentDesk, heard_answer
from application.messages import InboundKind, InboundMessage, OutboundMessage
from application.ports import (
    AuditLog,
    ModelTokens,
    NluContext,
    NluEngine,
    NluUnavailable,
    NoModelTokens,
    NoPrivacyReader,
    PrivacyAsk,
    PrivacyReader,
    UnitOfWork,
)
from application.preferences import Preferences
from application.privacy_desk import PrivacyDesk
from application.pseudonyms import Pseudonyms
from application.texts_es import outreach
from application.texts_es import waitlist as waitlist_texts
from application.visit_desk import VisitDesk
from application.waitlist import WaitlistDesk, leaves_waitlist
from domain.availability import Slot
from domain.conversation import ConversationState
from domain.holds import Hold
from domain.people import SELF, SOMEONE
from domain.throttle import ModelRefusal, PatientLimits
from domain.understanding import Intent, Understanding

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Responder:
    """Answer one message. ``NluUnavailable`` propagates unless ``apologise_when_nlu_fails``
    (a terminal chat, where nobody would come back to the message later)."""

    nlu: NluEngine
    confirm: ConfirmBooking = field(default_factory=ConfirmBooking)
    apologise_when_nlu_fails: bool = False
    limits: PatientLimits = PatientLimits()
    model_tokens: ModelTokens = field(default_factory=NoModelTokens)  # each clinic's, today
    privacy: PrivacyReader = field(default_factory=NoPrivacyReader)  # requests about the patient's data
    names: Pseudonyms = field(default_factory=Pseudonyms.random)  # a patient's keyed hash (audit, erasure)
    audit: AuditLog | None = None

    async def __call__(
        self, message: InboundMessage, desk: BookingDesk, uow: UnitOfWork, consent: ConsentDesk
    ) -> list[OutboundMessage]:
        before = desk.session.collected.slot
        replies = await self._hold(desk, uow, before, await self._respond(message, desk, uow, consent))
        return [*replies, *await self._invite(desk, uow)]

    @staticmethod
    async def _invite(desk: BookingDesk, uow: UnitOfWork) -> list[OutboundMessage]:
        """The day or time asked for was full: joining the waitlist is offered (one tap), unless the
        patient already waits for just that."""
        want = desk.full
        if want is None or desk.session.erased:
            return []
        waiting = await uow.waitlist.of_patient(desk.clinic.id, desk.session.patient)
        if any(entry.want == want for entry in waiting):
            return []
        return [waitlist_texts.invite(desk.clinic, want, desk.today)]

    @staticmethod
    async def _hold(
        desk: BookingDesk, uow: UnitOfWork, before: Slot | None, replies: list[OutboundMessage]
    ) -> list[OutboundMessage]:
        """Keep the time the patient picked for them while they say whom it is for and confirm
        (``domain.holds``): taken, or renewed, with each message; let go when they leave it. Of two
        patients picking one time at once, one holds it and the other is offered the nearest."""
        session, clinic = desk.session, desk.clinic
        slot = session.collected.slot if session.booking_in_progress else None
        if slot is None:
            if before is not None:  # booked, moved, given up or taken: the hold is done
                await uow.holds.release(clinic.id, session.patient)
            return replies
        if await uow.holds.hold(Hold.of(clinic.id, slot, session.patient, desk.now), desk.now):
            return replies
        log.info("the time %s picked is held for another patient", session.patient.masked())
        session.release_slot()
        others = [s for s in desk.free.nearest(slot.starts_at, count=4) if s != slot][:3]
        return [texts.slot_just_taken(clinic, others, desk.today)]

    async def _respond(
        self, message: InboundMessage, desk: BookingDesk, uow: UnitOfWork, consent: ConsentDesk
    ) -> list[OutboundMessage]:
        if message.kind is InboundKind.BUTTON and message.button_id:
            return await self._press(message.button_id, desk, uow, consent)
        if message.kind is InboundKind.TEXT or message.readable.strip():
            received = [desk.received_for_staff(message.kind)] if message.kind.for_staff else []
            return [*received, *await self._read(message.readable, desk, uow, consent)]
        return _without_reading(message, desk)

    async def _read(
        self, text: str, desk: BookingDesk, uow: UnitOfWork, consent: ConsentDesk
    ) -> list[OutboundMessage]:
        """What the patient wrote (or said, or captioned), read as text."""
        if not text.strip():
            return [texts.empty_message(desk.clinic), *desk.follow_up()]
        rights = self._rights(desk, uow)
        ask = self.privacy.read(text)  # before the model, which never reads such a request
        if ask is not None:
            return await self._about_data(ask, rights)
        if rights.awaits_name():
            return await rights.rename(text)
        if leaves_waitlist(text):  # words matched here, never the model's reading
            return await WaitlistDesk(desk, uow).leave()
        given = heard_answer(text)
        if given is not None:  # consent given or withdrawn: words matched here, never the model's reading
            return [*await consent.answer(given), *desk.follow_up()]
        session = desk.session
        clinic_tokens = await self.model_tokens.used(desk.clinic.id, desk.today)
        # Without consent the patient's texts stay here: the model abroad would be a transfer.
        refusal = (
            session.model_refusal(desk.now, desk.today, self.limits, clinic_tokens)
            if consent.consented
            else ModelRefusal.NO_CONSENT
        )
        context = NluContext(
            clinic=desk.clinic,
            now=desk.now,
            today=desk.today,
            state=session.state,
            collected=session.collected,
            history=tuple(session.history),
            free_days=desk.free.days_with_slots(count=5),
            free_slots=_slots_to_discuss(desk),
            model_refusal=refusal,
        )
        try:
            meaning = await self.nlu.understand(text, context)
        except NluUnavailable as failure:
            await self._charge(desk, by_model=False, tokens=failure.tokens)
            if not self.apologise_when_nlu_fails:
                raise
            log.warning("NLU unavailable: the patient is asked to say it again")
            return [texts.nlu_unavailable(desk.clinic)]
        await self._charge(desk, by_model=meaning.by_model, tokens=meaning.model_tokens)
        saying_yes = meaning.intent is Intent.AFFIRM and not meaning.has_booking_details
        if session.state is ConversationState.CONFIRMING and saying_yes:
            return await self.confirm(uow, desk)
        return await self._about_visits(meaning, desk, uow) or desk.understood(meaning)

    def _rights(self, desk: BookingDesk, uow: UnitOfWork) -> PrivacyDesk:
        return PrivacyDesk(desk, uow, self.names, self.audit)

    @staticmethod
    async def _about_data(ask: PrivacyAsk, rights: PrivacyDesk) -> list[OutboundMessage]:
        match ask:
            case PrivacyAsk.ERASURE:
                return await rights.ask_erasure()
            case PrivacyAsk.ACCESS:
                return await rights.show()
            case PrivacyAsk.RECTIFICATION:
                return await rights.ask_name()

    async def _charge(self, desk: BookingDesk, *, by_model: bool, tokens: int) -> None:
        """Count a reading against the patient's budgets (the session's) and the clinic's day."""
        desk.session.charge_reading(desk.now, desk.today, self.limits, by_model=by_model, tokens=tokens)
        if tokens:
            await self.model_tokens.spend(desk.clinic.id, desk.today, tokens)

    async def _about_visits(
        self, meaning: Understanding, desk: BookingDesk, uow: UnitOfWork
    ) -> list[OutboundMessage]:
        """Opting out, and questions about booked appointments; [] when the message is about booking."""
        preferences = Preferences(desk.clinic, desk.session, uow, desk.now)
        visits = VisitDesk(desk, uow)
        in_progress = desk.session.booking_in_progress
        match meaning.intent:
            case Intent.OPT_OUT:
                await self._rights(desk, uow).objected()
                return await preferences.opt_out()
            case Intent.OPT_IN:
                return await preferences.opt_in()
            case Intent.MY_APPOINTMENTS:
                return [*await visits.show(meaning), *desk.follow_up()]
            case Intent.RESCHEDULE if not in_progress:
                return await visits.ask_move(meaning)
            case Intent.CANCEL if not in_progress and not _when(meaning):
                return await visits.ask_cancel(meaning)
        return []

    async def _press(
        self, button_id: str, desk: BookingDesk, uow: UnitOfWork, consent: ConsentDesk
    ) -> list[OutboundMessage]:
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
            case Command.PICK_PERSON:
                return desk.pick_person(press.person_id)
            case Command.FOR_SELF:
                return desk.for_whom(SELF)
            case Command.FOR_SOMEONE:
                return desk.for_whom(SOMEONE)
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
                return [desk.prompt(lead=outreach.recall_book_lead(desk.clinic))]
            case Command.RECALL_LATER:
                return await preferences.snooze_recalls()
            case Command.RECALL_STOP:
                await self._rights(desk, uow).objected()
                return await preferences.opt_out()
            case Command.ERASE:
                return await self._rights(desk, uow).erase()
            case Command.KEEP_DATA:
                return await self._rights(desk, uow).keep()
            case Command.CONSENT_YES:
                return [*await consent.answer(True), *desk.follow_up()]
            case Command.CONSENT_NO:
                return [*await consent.answer(False), *desk.follow_up()]
            case Command.WAITLIST_JOIN if press.day is not None:
                return await WaitlistDesk(desk, uow).join(press.day, press.at)
            case Command.WAITLIST_LEAVE:
                return await WaitlistDesk(desk, uow).leave()
            case Command.WAITLIST_TAKE:
                return await WaitlistDesk(desk, uow).take(press.offer_id, self.confirm)
            case Command.WAITLIST_DECLINE:
                return await WaitlistDesk(desk, uow).decline(press.offer_id)
        log.info("unknown button id pressed")
        return [texts.unknown_option(desk.clinic), *desk.follow_up()]


def _without_reading(message: InboundMessage, desk: BookingDesk) -> list[OutboundMessage]:
    """Answers to what has nothing to read: what a receptionist would say, or nothing at all."""
    kind = message.kind
    if not kind.answered:  # reactions, edits, deletions, notices, calls, flows, unknown kinds
        return []
    if kind is InboundKind.WELCOME:
        return [texts.welcome(desk.clinic)]
    if kind is InboundKind.LOCATION:
        return [texts.where_we_are(desk.clinic), *desk.follow_up()]
    if kind is InboundKind.STICKER:
        return (
            [desk.prompt(lead=texts.back_to_booking(desk.clinic))] if desk.session.booking_in_progress else []
        )
    if kind is InboundKind.AUDIO:  # no transcriber is set up, or it heard nothing
        heard = texts.cannot_listen_yet if message.transcript is None else texts.could_not_hear
        return [heard(desk.clinic), *desk.follow_up()]
    return [desk.received_for_staff(kind), *desk.follow_up()]


def _slots_to_discuss(desk: BookingDesk, most: int = 24) -> list[Slot]:
    """Free times of the day being discussed, else of the first free day: what an NLU may offer."""
    fields = desk.session.collected
    days = [fields.day] if fields.day else desk.free.days_with_slots(count=1, doctor_id=fields.doctor_id)
    for day in days:
        slots = desk.free.matching(day=day, doctor_id=fields.doctor_id)
        if slots:
            return list(slots)[:most]
    return []


def _when(meaning: Understanding) -> bool:
    """Whether a message says when (or with whom): "cancela lo del viernes" drops a booking in
    progress, while "cancela la cita de Mateo" names whose appointment to cancel."""
    return any(value is not None for value in (meaning.day, meaning.part, meaning.time, meaning.doctor_id))
