"""Ports wrapped to count what passes through them: the lock, the sender, the unit of work, model tokens.

Decorators keep the counting out of the adapters and the use cases: the same numbers come from
the in-memory adapters and the production ones.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import date, datetime
from types import TracebackType
from typing import Self

from application.messages import OutboundMessage
from application.ports import (
    AppointmentRepository,
    BookingOutcome,
    ConversationLock,
    DeliveryFailed,
    HandledMessages,
    LockOutcome,
    LockUnavailable,
    MessageSender,
    Metrics,
    ModelTokens,
    PatientConsents,
    PatientData,
    PatientRepository,
    PrivacyRegister,
    ReminderQueue,
    SendOutcome,
    SessionRepository,
    SlotHolds,
    StagedAlerts,
    StagedReplies,
    UnitOfWork,
    UnitOfWorkFactory,
    Waitlist,
)
from domain.appointment import Appointment
from domain.clinic import Clinic
from domain.errors import SlotTaken
from domain.ids import ClinicId, PatientAddress


class MeteredLock:
    """Implements ``ConversationLock``: how long each turn waited for its conversation."""

    def __init__(self, lock: ConversationLock, metrics: Metrics) -> None:
        self._lock = lock
        self._metrics = metrics

    def hold(
        self, clinic_id: ClinicId, patient: PatientAddress, sent_at: datetime
    ) -> AbstractAsyncContextManager[None]:
        return self._hold(self._lock.hold(clinic_id, patient, sent_at))

    @asynccontextmanager
    async def _hold(self, held: AbstractAsyncContextManager[None]) -> AsyncIterator[None]:
        started = time.perf_counter()
        async with contextlib.AsyncExitStack() as stack:
            try:
                await stack.enter_async_context(held)
            except LockUnavailable:
                self._metrics.lock_wait(LockOutcome.TIMED_OUT, time.perf_counter() - started)
                raise
            except Exception:
                self._metrics.lock_wait(LockOutcome.UNAVAILABLE, time.perf_counter() - started)
                raise
            self._metrics.lock_wait(LockOutcome.ACQUIRED, time.perf_counter() - started)
            yield


class MeteredSender:
    """Implements ``MessageSender``: every message handed to WhatsApp, by outcome."""

    def __init__(self, sender: MessageSender, metrics: Metrics) -> None:
        self._sender = sender
        self._metrics = metrics

    async def send(
        self,
        clinic: Clinic,
        to: PatientAddress,
        message: OutboundMessage,
        reference: str | None = None,
        *,
        from_part: int = 0,
    ) -> None:
        try:
            await self._sender.send(clinic, to, message, reference, from_part=from_part)
        except DeliveryFailed as failure:
            self._metrics.send(SendOutcome.RETRYABLE if failure.retryable else SendOutcome.REJECTED)
            raise
        except Exception:
            self._metrics.send(SendOutcome.ERROR)
            raise
        self._metrics.send(SendOutcome.SENT)

    async def mark_read(self, clinic: Clinic, message_id: str) -> None:
        await self._sender.mark_read(clinic, message_id)


class MeteredModelTokens:
    """Implements ``ModelTokens``: each clinic's tokens today, as read or spent, beside its daily limit."""

    def __init__(self, tokens: ModelTokens, metrics: Metrics, limit: int) -> None:
        self._tokens = tokens
        self._metrics = metrics
        self._limit = limit

    async def used(self, clinic_id: ClinicId, day: date) -> int:
        used = await self._tokens.used(clinic_id, day)
        self._metrics.model_tokens(clinic_id, used, self._limit)
        return used

    async def spend(self, clinic_id: ClinicId, day: date, tokens: int) -> int:
        used = await self._tokens.spend(clinic_id, day, tokens)
        self._metrics.model_tokens(clinic_id, used, self._limit)
        return used


class MeteredUnitsOfWork:
    """Implements ``UnitOfWorkFactory``: appointments count as booked once their unit commits."""

    def __init__(self, units: UnitOfWorkFactory, metrics: Metrics) -> None:
        self._units = units
        self._metrics = metrics

    def __call__(self) -> UnitOfWork:
        return _MeteredUnit(self._units(), self._metrics)


class _MeteredUnit:
    def __init__(self, unit: UnitOfWork, metrics: Metrics) -> None:
        self._unit = unit
        self._metrics = metrics
        self._counted: _CountedAppointments | None = None

    @property
    def sessions(self) -> SessionRepository:
        return self._unit.sessions

    @property
    def appointments(self) -> AppointmentRepository:
        return self._counting()

    def _counting(self) -> _CountedAppointments:
        # The unit opens new repositories with each transaction: the count follows them.
        current = self._unit.appointments
        if self._counted is None or self._counted.inner is not current:
            self._counted = _CountedAppointments(current, self._metrics)
        return self._counted

    @property
    def reminders(self) -> ReminderQueue:
        return self._unit.reminders

    @property
    def holds(self) -> SlotHolds:
        return self._unit.holds

    @property
    def patients(self) -> PatientRepository:
        return self._unit.patients

    @property
    def inbox(self) -> HandledMessages:
        return self._unit.inbox

    @property
    def outbox(self) -> StagedReplies:
        return self._unit.outbox

    @property
    def patient_data(self) -> PatientData:
        return self._unit.patient_data

    @property
    def privacy_requests(self) -> PrivacyRegister:
        return self._unit.privacy_requests

    @property
    def consents(self) -> PatientConsents:
        return self._unit.consents

    @property
    def waitlist(self) -> Waitlist:
        return self._unit.waitlist

    @property
    def alerts(self) -> StagedAlerts:
        return self._unit.alerts

    async def __aenter__(self) -> Self:
        await self._unit.__aenter__()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self._unit.__aexit__(exc_type, exc, tb)

    async def commit(self) -> None:
        staged = self._counted.staged if self._counted is not None else 0
        try:
            await self._unit.commit()
        except SlotTaken:
            self._metrics.booking(BookingOutcome.TAKEN)
            raise
        for _ in range(staged):
            self._metrics.booking(BookingOutcome.BOOKED)
        if self._counted is not None:
            self._counted.staged = 0


class _CountedAppointments:
    """The unit's appointments, counting the ones staged since its last commit."""

    def __init__(self, appointments: AppointmentRepository, metrics: Metrics) -> None:
        self.inner = appointments
        self._metrics = metrics
        self.staged = 0
        self.get = appointments.get
        self.update = appointments.update
        self.between = appointments.between
        self.upcoming = appointments.upcoming
        self.busy = appointments.busy

    async def add(self, appointment: Appointment) -> None:
        try:
            await self.inner.add(appointment)
        except SlotTaken:
            self._metrics.booking(BookingOutcome.TAKEN)
            raise
        self.staged += 1
