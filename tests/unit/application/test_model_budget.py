"""Model tokens are budgeted per day, the clinic's day, per patient and per clinic: past either
budget, messages are read offline, and the patient is still answered (issue 19, finding 3)."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.throttle import ModelRefusal, PatientLimits
from domain.understanding import Intent, Understanding
from tests.unit.application.conftest import ANA, BETO, SANTIAGO, FakeApp

QUESTION = "¿y eso qué significa entonces?"
READ_BY_MODEL = Understanding(Intent.UNKNOWN, by_model=True, model_tokens=30_000)


def refusals(app: FakeApp) -> list[ModelRefusal | None]:
    return [context.model_refusal for context in app.nlu.contexts]


async def test_a_patient_past_their_daily_tokens_is_read_offline_and_still_answered(app: FakeApp) -> None:
    app.limits = PatientLimits(model_tokens_per_patient=50_000)
    app.means(QUESTION, READ_BY_MODEL)
    for _ in range(3):
        assert await app.say(QUESTION), "every message is answered"
        app.clock.advance(timedelta(minutes=10))
    assert refusals(app) == [None, None, ModelRefusal.PATIENT_TOKENS]
    assert app.session().model_tokens.tokens == 60_000
    await app.say(QUESTION, who=BETO)  # another patient of the same clinic is not held back
    assert app.nlu.contexts[-1].model_allowed
    assert await app.model_tokens.used(app.clinic.id, app.clinic.today(app.clock.now())) == 90_000


async def test_a_clinic_past_its_daily_tokens_reads_every_patient_offline(app: FakeApp) -> None:
    app.limits = PatientLimits(model_tokens_per_clinic=50_000)
    app.means(QUESTION, READ_BY_MODEL)
    await app.say(QUESTION, who=ANA)
    await app.say(QUESTION, who=BETO)
    assert refusals(app) == [None, None]
    assert await app.say(QUESTION, who=ANA)
    assert await app.say(QUESTION, who=BETO)
    assert refusals(app)[2:] == [ModelRefusal.CLINIC_TOKENS, ModelRefusal.CLINIC_TOKENS]


async def test_the_day_is_the_clinics_own(app: FakeApp) -> None:
    app.limits = PatientLimits(model_tokens_per_patient=30_000, model_tokens_per_clinic=30_000)
    app.means(QUESTION, READ_BY_MODEL)
    app.clock.set(datetime(2026, 11, 30, 20, 0, tzinfo=SANTIAGO))  # 23:00 UTC
    await app.say(QUESTION)
    app.clock.set(datetime(2026, 11, 30, 23, 30, tzinfo=SANTIAGO))  # already 1 December in UTC
    await app.say(QUESTION)
    app.clock.set(datetime(2026, 12, 1, 0, 10, tzinfo=SANTIAGO))  # a new day in Santiago
    await app.say(QUESTION)
    assert refusals(app) == [None, ModelRefusal.PATIENT_TOKENS, None]


async def test_the_hourly_calls_are_checked_in_the_same_place(app: FakeApp) -> None:
    app.limits = PatientLimits(model_tokens_per_patient=10**9)
    app.means(QUESTION, Understanding(Intent.UNKNOWN, by_model=True, model_tokens=10))
    for _ in range(21):
        await app.say(QUESTION)
    assert refusals(app)[-2:] == [None, ModelRefusal.PATIENT_CALLS]
