"""A clinic in Mexico, one in Spain and one in Argentina each book a patient in their own words.

The whole path of a message in memory (intake, turn, conversation, outbox), the offline reader,
and the demo clinic moved to each country: its zone, its locale, its currency. What the patient
writes is that country's Spanish; what the bot answers comes from that country's catalogs and
Babel's formats.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.memory.clock import FixedClock
from adapters.memory.sender import RecordingSender
from adapters.memory.store import InMemoryUnitOfWorkFactory
from adapters.offline_nlu.engine import OfflineSpanishNlu
from application.messages import InboundMessage, OutboundMessage, choices_of
from domain.appointment import Appointment
from domain.clinic import Clinic
from domain.consent import Consent
from domain.ids import PatientAddress
from domain.locale import Register
from domain.services import Price
from tests.message_path import MessagePath, message_path

PATIENT = PatientAddress("5215512345678")


def clinic_in(zone: str, locale: str, currency: str, amount: str, register: Register = Register.TU) -> Clinic:
    """The demo clinic moved to another country: its zone, locale, and prices in its currency."""
    demo = load_demo_clinic()
    services = tuple(
        replace(s, price=Price(Decimal(amount), currency) if s.price is not None else None)
        for s in demo.services
    )
    return replace(demo, timezone=ZoneInfo(zone), locale=locale, register=register, services=services)


@dataclass
class Chat:
    """A patient of ``clinic`` writing on Monday 30 November 2026 at 09:00, the clinic's time."""

    clinic: Clinic
    sender: RecordingSender = field(default_factory=RecordingSender)
    store: InMemoryUnitOfWorkFactory = field(default_factory=InMemoryUnitOfWorkFactory)
    last: list[OutboundMessage] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.clock = FixedClock(datetime(2026, 11, 30, 9, 0, tzinfo=self.clinic.timezone))
        # A patient who answered the privacy notice before: these chats are about words and formats.
        version = self.clinic.privacy.notice.version
        self.store.store.consents.append(Consent(self.clinic.id, PATIENT, version, True, self.clock.now()))
        self.path: MessagePath = message_path(
            [self.clinic], store=self.store, nlu=OfflineSpanishNlu(), sender=self.sender, clock=self.clock
        )
        self._ids = itertools.count()

    async def say(self, text: str) -> str:
        now = self.clock.now()
        return await self._send(InboundMessage.text_message(self._id(), self.clinic.id, PATIENT, now, text))

    async def tap(self, title: str) -> str:
        """Tap the choice of the last replies whose title starts with ``title``."""
        [choice] = [c for m in self.last for c, shown in choices_of(m) if shown.startswith(title)][:1]
        now = self.clock.now()
        return await self._send(InboundMessage.button_press(self._id(), self.clinic.id, PATIENT, now, choice))

    def titles(self) -> list[str]:
        return [shown for message in self.last for _, shown in choices_of(message)]

    def booked(self) -> Appointment:
        [appointment] = self.store.store.appointments.values()
        return appointment

    async def _send(self, message: InboundMessage) -> str:
        before = len(self.sender.sent)
        await self.path(message)
        self.last = [sent.message for sent in self.sender.sent[before:]]
        return "\n".join(reply.body for reply in self.last)

    def _id(self) -> str:
        return f"wamid.locale{next(self._ids)}"


def twelve_hour(title: str) -> bool:
    return re.fullmatch(r"\d{1,2}:\d\d\sp\.\s?m\.", title) is not None


async def test_a_clinic_in_mexico_writes_times_on_a_twelve_hour_clock_and_prices_in_pesos() -> None:
    chat = Chat(clinic_in("America/Mexico_City", "es-MX", "MXN", "650"))
    offer = await chat.say("Hola buenas tardes, ocupo una cita pa mañana en la tarde porfa")
    assert "Estos son los horarios disponibles para mañana martes 1 de diciembre" in offer
    assert all(twelve_hour(title) for title in chat.titles())
    assert chat.titles()[0].startswith("3:00")  # "la tarde" is after "la comida", from 15:00
    assert "¿La cita es para ti o para otra persona?" in await chat.tap("3:00")
    assert "¿Cuál es tu nombre y apellido?" in await chat.tap("Para mí")
    card = await chat.say("Rosa Díaz")
    assert "📋 Evaluación dental · 30 min · $650" in card
    assert re.search(r"🕒 3:00\sp\.\s?m\.", card)
    booked = await chat.tap("Confirmar")
    assert re.search(
        r"¡Listo, Rosa! Tu cita quedó agendada con .* mañana martes 1 de diciembre a las 3:00", booked
    )
    assert chat.clinic.local(chat.booked().starts_at).hour == 15


async def test_a_clinic_in_spain_asks_for_a_cita_in_the_morning_until_lunch_with_prices_in_euros() -> None:
    chat = Chat(clinic_in("Europe/Madrid", "es-ES", "EUR", "49.90"))
    offer = await chat.say("Buenas, quería pedir cita para el martes por la mañana, vale?")
    assert "Estas son las horas disponibles para mañana martes 1 de diciembre" in offer
    assert "13:00" in chat.titles()  # in Spain the morning lasts until lunch at 14:00
    assert "nombre y apellidos" in await chat.tap("13:00")
    await chat.tap("Para mí")
    card = await chat.say("Lucía Fernández")
    assert "49,90\xa0€" in card  # as CLDR writes euros in Spain
    assert "🕒 13:00" in card
    booked = await chat.tap("Confirmar")
    assert "¡Hecho, Lucía! Tu cita ha quedado reservada" in booked
    assert "agendad" not in booked


async def test_a_clinic_in_argentina_gives_turnos_and_speaks_with_vos() -> None:
    chat = Chat(clinic_in("America/Argentina/Buenos_Aires", "es-AR", "ARS", "25000"))
    offer = await chat.say("Hola! quería sacar un turno para el jueves a la tarde")
    assert "Estos son los horarios disponibles para el jueves 3 de diciembre. ¿Cuál preferís?" in offer
    assert "podés" in offer
    assert "¿El turno es para vos o para otra persona?" in await chat.tap("16:00")
    await chat.say("es para mi hija, se llama Sofía Gómez")
    booked = await chat.tap("Confirmar")
    assert "turno" in booked
    assert "cita" not in booked
    assert chat.booked().patient_name == "Sofía Gómez"


async def test_a_clinic_in_argentina_that_says_usted_keeps_its_turnos() -> None:
    chat = Chat(clinic_in("America/Argentina/Buenos_Aires", "es-AR", "ARS", "25000", Register.USTED))
    asked = await chat.say("Buenas tardes, necesito un turno")
    assert "¿Para qué día quiere su turno?" in asked
    assert "También puede escribirme otra fecha." in asked
