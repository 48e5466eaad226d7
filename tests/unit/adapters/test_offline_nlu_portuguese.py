"""The offline Portuguese reader reads what Brazilian patients write on WhatsApp: days, times,
parts of the day and what they want (issue 26)."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.offline_nlu.portuguese import OfflinePortugueseNlu
from application.ports import NluContext, NluEngine
from domain.conversation import ConversationState
from domain.understanding import Intent, Understanding
from domain.when import ClockTime, DayPart, Meridiem
from tests.unit.adapters.reading import reading_context

CLINIC = load_demo_clinic()
TODAY = date(2026, 11, 25)  # a Wednesday
TOMORROW = date(2026, 11, 26)
FRIDAY = date(2026, 11, 27)
SATURDAY = date(2026, 11, 28)
SUNDAY = date(2026, 11, 29)
MONDAY = date(2026, 11, 30)
TUESDAY = date(2026, 12, 1)
NEXT_WEDNESDAY = date(2026, 12, 2)
AM, PM = Meridiem.AM, Meridiem.PM
MORNING, AFTERNOON, EVENING = DayPart.MORNING, DayPart.AFTERNOON, DayPart.EVENING


def context(state: ConversationState = ConversationState.IDLE) -> NluContext:
    return reading_context(CLINIC, TODAY, state)


@pytest.fixture(scope="module")
def nlu() -> OfflinePortugueseNlu:
    return OfflinePortugueseNlu()


async def read(
    nlu: OfflinePortugueseNlu, text: str, state: ConversationState = ConversationState.IDLE
) -> Understanding:
    return await nlu.understand(text, context(state))


def test_it_is_an_nlu_engine() -> None:
    nlu = OfflinePortugueseNlu()
    engine: NluEngine = nlu
    assert engine is nlu
    assert nlu.calls == 0


async def test_counts_the_messages_it_reads() -> None:
    nlu = OfflinePortugueseNlu()
    await nlu.understand("oi", context())
    await nlu.understand("queria marcar", context())
    assert nlu.calls == 2


DAYS = [
    ("hoje", TODAY),
    ("hj", TODAY),
    ("tem horário hoje?", TODAY),
    ("amanhã", TOMORROW),
    ("amanha", TOMORROW),
    ("amnh", TOMORROW),
    ("pode ser amanhã?", TOMORROW),
    ("depois de amanhã", FRIDAY),
    ("dps de amanha", FRIDAY),
    ("segunda", MONDAY),
    ("segunda-feira", MONDAY),
    ("na segunda feira", MONDAY),
    ("2a", MONDAY),
    ("2ª feira", MONDAY),
    ("seg", MONDAY),
    ("terça", TUESDAY),
    ("terca", TUESDAY),
    ("3a feira de manhã", TUESDAY),
    ("quarta", NEXT_WEDNESDAY),
    ("quarta-feira", NEXT_WEDNESDAY),
    ("quinta", TOMORROW),
    ("sexta", FRIDAY),
    ("sexta-feira à tarde", FRIDAY),
    ("sábado", SATURDAY),
    ("sabado de manha", SATURDAY),
    ("domingo", SUNDAY),
    # "sexta que vem" and "próxima sexta" are the next Friday, as Spanish "el próximo viernes".
    ("sexta que vem", FRIDAY),
    ("próxima sexta", FRIDAY),
    ("na sexta da semana que vem", date(2026, 12, 4)),
    ("segunda da próxima semana", MONDAY),
    ("daqui a 3 dias", SATURDAY),
    ("daqui a uma semana", NEXT_WEDNESDAY),
    ("dia 15", date(2026, 12, 15)),
    ("no dia 15", date(2026, 12, 15)),
    ("15/12", date(2026, 12, 15)),
    ("3/1", date(2027, 1, 3)),
    ("3 de dezembro", date(2026, 12, 3)),
    ("dia 10 de janeiro", date(2027, 1, 10)),
    ("5 de março", date(2027, 3, 5)),
    ("dia 1º de dezembro", date(2026, 12, 1)),
    ("no dia 1° às 10", date(2026, 12, 1)),
    ("não posso segunda, pode ser terça?", TUESDAY),
    ("segunda não, só na sexta", FRIDAY),
    # "essa quarta" said on a Wednesday is today; a bare "quarta" is next week's.
    ("nessa quarta", TODAY),
    ("essa quarta-feira", TODAY),
    ("esta quarta às 4", TODAY),
    ("nesta quarta de tarde", TODAY),
    ("esse sábado", SATURDAY),
    ("essa sexta", FRIDAY),
    # "ter" is Tuesday before a date, a time or a part of the day, or after another day.
    ("ter às 4", TUESDAY),
    ("ter de manhã", TUESDAY),
    ("ter. à tarde", TUESDAY),
    ("ter 1/12", TUESDAY),
    ("seg ou ter", MONDAY),
    ("posso ter uma consulta amanhã?", TOMORROW),
    ("vcs vão ter horário amanhã?", TOMORROW),
    # A "não" closing a question asks, the Brazilian way: "tem vaga hoje não?".
    ("tem horário amanhã não?", TOMORROW),
    ("vocês têm vaga pra sexta não?", FRIDAY),
    ("tem hoje não?", TODAY),
    ("tem vaga amanhã não, né?", TOMORROW),
    ("rola um horário amanhã?", TOMORROW),
    ("hoje não, pode ser amanhã?", TOMORROW),
]


@pytest.mark.parametrize(("text", "day"), DAYS)
async def test_reads_the_day(nlu: OfflinePortugueseNlu, text: str, day: date) -> None:
    assert (await read(nlu, text)).day == day


TIMES = [
    ("às 4", ClockTime(4)),
    ("as 4", ClockTime(4)),
    ("às 10", ClockTime(10)),
    ("16h", ClockTime(16)),
    ("16h30", ClockTime(16, 30)),
    ("16:30", ClockTime(16, 30)),
    ("às 4 e meia", ClockTime(4, 30)),
    ("4 e meia", ClockTime(4, 30)),
    ("meio-dia", ClockTime(12)),
    ("ao meio dia", ClockTime(12)),
    ("às 4 da tarde", ClockTime(4, 0, PM)),
    ("as 9 da manhã", ClockTime(9, 0, AM)),
    ("às 8 da noite", ClockTime(8, 0, PM)),
    ("às quatro", ClockTime(4)),
    ("às duas da tarde", ClockTime(2, 0, PM)),
    ("amanhã às 10h", ClockTime(10)),
    ("lá pelas 3", ClockTime(3)),
    ("por volta das 15h", ClockTime(15)),
    ("às 10 e 15", ClockTime(10, 15)),
    # Minutes past noon: "meio-dia e meia".
    ("meio-dia e meia", ClockTime(12, 30)),
    ("ao meio dia e quinze", ClockTime(12, 15)),
    ("sexta meio-dia e 20", ClockTime(12, 20)),
    ("Meio dia e dez", ClockTime(12, 10)),
    # "10 horas" is a clock hour, with or without "às".
    ("9 horas da manhã", ClockTime(9, 0, AM)),
    ("amanhã 10 horas", ClockTime(10)),
    ("às 2 horas da tarde", ClockTime(2, 0, PM)),
    ("sexta 16 horas", ClockTime(16)),
    ("depois das 17 horas", ClockTime(17)),
]


@pytest.mark.parametrize(("text", "time"), TIMES)
async def test_reads_the_time(nlu: OfflinePortugueseNlu, text: str, time: ClockTime) -> None:
    assert (await read(nlu, text)).time == time


@pytest.mark.parametrize(
    "text", ["daqui a 2 horas", "a limpeza dura 1 hora?", "já faz 3 horas que tá doendo"]
)
async def test_hours_counted_are_no_time(nlu: OfflinePortugueseNlu, text: str) -> None:
    assert (await read(nlu, text)).time is None


async def test_a_date_is_no_time(nlu: OfflinePortugueseNlu) -> None:
    reading = await read(nlu, "dia 15 às 16h")
    assert (reading.day, reading.time) == (date(2026, 12, 15), ClockTime(16))


PARTS = [
    ("de manhã", MORNING),
    ("pela manhã", MORNING),
    ("de manha", MORNING),
    ("na parte da manhã", MORNING),
    ("amanhã de manhã", MORNING),
    ("cedo", MORNING),
    ("bem cedinho", MORNING),
    ("à tarde", AFTERNOON),
    ("a tarde", AFTERNOON),
    ("de tarde", AFTERNOON),
    ("pela tarde", AFTERNOON),
    ("depois do almoço", AFTERNOON),
    ("à noite", EVENING),
    ("de noite", EVENING),
    ("segunda à noite", EVENING),
    ("de manhã não, só à tarde", AFTERNOON),
    # After school is the afternoon, after work the evening.
    ("sexta depois da aula", AFTERNOON),
    ("depois da escola", AFTERNOON),
    ("depois do colégio", AFTERNOON),
    ("depois do trabalho", EVENING),
    ("na saída do trabalho", EVENING),
]


@pytest.mark.parametrize(("text", "part"), PARTS)
async def test_reads_the_part_of_the_day(nlu: OfflinePortugueseNlu, text: str, part: DayPart) -> None:
    assert (await read(nlu, text)).part == part


async def test_tomorrow_morning_is_a_day_and_a_part(nlu: OfflinePortugueseNlu) -> None:
    reading = await read(nlu, "amanhã de manhã")
    assert (reading.day, reading.part) == (TOMORROW, MORNING)


async def test_a_time_of_the_afternoon_is_no_part(nlu: OfflinePortugueseNlu) -> None:
    reading = await read(nlu, "às 4 da tarde")
    assert (reading.time, reading.part) == (ClockTime(4, 0, PM), None)


INTENTS = [
    ("queria marcar uma consulta", Intent.BOOK),
    ("Oi, queria marcar uma consulta", Intent.BOOK),
    ("quero agendar", Intent.BOOK),
    ("gostaria de agendar uma avaliação", Intent.BOOK),
    ("tem horário?", Intent.BOOK),
    ("vcs tem horario amanha?", Intent.BOOK),
    ("tem vaga pra sexta?", Intent.BOOK),
    ("preciso de uma consulta", Intent.BOOK),
    ("BOA TARDE, QUERO MARCAR", Intent.BOOK),
    ("queria remarcar minha consulta", Intent.RESCHEDULE),
    ("quero mudar minha consulta de segunda pra sexta", Intent.RESCHEDULE),
    ("dá pra trocar o horário da minha consulta?", Intent.RESCHEDULE),
    ("quero desmarcar", Intent.CANCEL),
    ("preciso cancelar minha consulta", Intent.CANCEL),
    ("desmarca minha consulta por favor", Intent.CANCEL),
    ("não vou poder ir na consulta", Intent.CANCEL),
    ("não preciso mais da consulta", Intent.CANCEL),
    ("não quero mais a consulta", Intent.CANCEL),
    ("cancela por favor", Intent.CANCEL),
    ("dá pra antecipar minha consulta?", Intent.RESCHEDULE),
    ("queria adiar minha consulta", Intent.RESCHEDULE),
    ("quero remarcar pra quinta", Intent.RESCHEDULE),
    ("sim", Intent.AFFIRM),
    ("Sim!", Intent.AFFIRM),
    ("pode ser", Intent.AFFIRM),
    ("fechado", Intent.AFFIRM),
    ("beleza", Intent.AFFIRM),
    ("blz", Intent.AFFIRM),
    ("ok", Intent.AFFIRM),
    ("isso", Intent.AFFIRM),
    ("isso mesmo", Intent.AFFIRM),
    ("perfeito", Intent.AFFIRM),
    ("pode", Intent.AFFIRM),
    ("tá bom", Intent.AFFIRM),
    ("ta otimo", Intent.AFFIRM),
    ("combinado", Intent.AFFIRM),
    ("pode marcar", Intent.AFFIRM),
    ("não", Intent.DENY),
    ("nao", Intent.DENY),
    ("Não, obrigado", Intent.DENY),
    ("n", Intent.DENY),
    ("oi", Intent.GREET),
    ("olá", Intent.GREET),
    ("bom dia", Intent.GREET),
    ("Boa tarde!", Intent.GREET),
    ("boa noite", Intent.GREET),
    ("oi, tudo bem?", Intent.GREET),
    ("obrigado", Intent.THANKS),
    ("obrigada!", Intent.THANKS),
    ("muito obrigada", Intent.THANKS),
    ("valeu", Intent.THANKS),
    ("brigada", Intent.THANKS),
    ("obg", Intent.THANKS),
    ("quero falar com uma pessoa", Intent.HANDOFF),
    ("quando é minha consulta?", Intent.MY_APPOINTMENTS),
    ("tenho consulta marcada?", Intent.MY_APPOINTMENTS),
    ("quero parar de receber mensagens", Intent.OPT_OUT),
    ("não quero mais receber mensagens", Intent.OPT_OUT),
    ("quero falar com um atendente", Intent.HANDOFF),
    ("para de mandar mensagem", Intent.OPT_OUT),
    ("para de me mandar mensagem por favor", Intent.OPT_OUT),
    ("Obrigadooo!!", Intent.THANKS),
    ("perfeito, obrigada", Intent.THANKS),
    ("Oi! Td bem?", Intent.GREET),
    ("Bom dia, tudo bom?", Intent.GREET),
    ("que horas é minha consulta?", Intent.MY_APPOINTMENTS),
    # When one's own appointment is, asked about its "horário" (no question about opening hours).
    ("qual o horário da minha consulta?", Intent.MY_APPOINTMENTS),
    ("esqueci o horário da minha consulta", Intent.MY_APPOINTMENTS),
    ("qual a data da minha consulta?", Intent.MY_APPOINTMENTS),
    ("me lembra a hora da minha consulta", Intent.MY_APPOINTMENTS),
    ("queria mudar o horário da minha consulta", Intent.RESCHEDULE),
    ("qria marcar uma consulta", Intent.BOOK),
    ("qro marcar", Intent.BOOK),
]


@pytest.mark.parametrize(("text", "intent"), INTENTS)
async def test_reads_the_intent(nlu: OfflinePortugueseNlu, text: str, intent: Intent) -> None:
    assert (await read(nlu, text)).intent == intent


async def test_a_whole_request(nlu: OfflinePortugueseNlu) -> None:
    reading = await read(nlu, "Oi! Queria marcar uma consulta pra sexta às 4 da tarde")
    assert reading == Understanding(intent=Intent.BOOK, day=FRIDAY, time=ClockTime(4, 0, PM))


async def test_moving_an_appointment_proposes_only_where_it_goes(nlu: OfflinePortugueseNlu) -> None:
    reading = await read(nlu, "quero mudar minha consulta de segunda pra sexta")
    assert (reading.intent, reading.day) == (Intent.RESCHEDULE, FRIDAY)


async def test_remarcar_to_another_day(nlu: OfflinePortugueseNlu) -> None:
    reading = await read(nlu, "preciso remarcar a consulta de terça para quinta")
    assert (reading.intent, reading.day) == (Intent.RESCHEDULE, TOMORROW)


async def test_a_no_with_a_day_moves_the_booking(nlu: OfflinePortugueseNlu) -> None:
    reading = await read(nlu, "não, melhor na terça", ConversationState.COLLECTING_TIME)
    assert (reading.intent, reading.day) == (Intent.BOOK, TUESDAY)


@pytest.mark.parametrize(
    "text",
    [
        *("nenhum desses horários serve", "não serve", "nenhuma dessas"),
        *("nenhum desses dá pra mim", "nenhum dá", "não dá pra mim"),
    ],
)
async def test_refusing_the_times_offered(nlu: OfflinePortugueseNlu, text: str) -> None:
    assert (await read(nlu, text, ConversationState.COLLECTING_TIME)).intent == Intent.DENY


@pytest.mark.parametrize(
    "text",
    [
        "tem algum horário livre essa semana?",
        "qualquer horário depois das 17h",
        "tem horario pra semana que vem?",
    ],
)
async def test_a_free_time_is_no_question_about_opening_hours(nlu: OfflinePortugueseNlu, text: str) -> None:
    reading = await read(nlu, text)
    assert (reading.intent, reading.faq_index) == (Intent.BOOK, None)


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("o segundo horário", ConversationState.COLLECTING_TIME),
        ("não, quero mudar o horário", ConversationState.CONFIRMING),
        ("dá pra trocar o horário?", ConversationState.CONFIRMING),
    ],
)
async def test_a_time_picked_or_changed_is_no_question_about_opening_hours(
    nlu: OfflinePortugueseNlu, text: str, state: ConversationState
) -> None:
    assert (await read(nlu, text, state)).faq_index is None


async def test_moving_while_booking_changes_the_booking(nlu: OfflinePortugueseNlu) -> None:
    reading = await read(nlu, "pode mudar pra quinta?", ConversationState.COLLECTING_TIME)
    assert (reading.intent, reading.day) == (Intent.BOOK, TOMORROW)


@pytest.mark.parametrize(
    "text",
    [
        "isso, pode marcar",
        "pode agendar sim",
        "bora",
        "bora, fechado",
        "beleza, pode confirmar",
        "certo, pode marcar então",
        # Regional and slang yeses.
        "massa",
        "uhum",
        "aham, pode ser",
        "firmeza",
        "de boa",
        "tá tranquilo",
        "já é",
        "partiu",
        "positivo",
        "tá joia",
        "pode crer",
    ],
)
async def test_going_ahead_on_the_card_agrees(nlu: OfflinePortugueseNlu, text: str) -> None:
    assert (await read(nlu, text, ConversationState.CONFIRMING)).intent == Intent.AFFIRM


@pytest.mark.parametrize("text", ["capaz", "bah, capaz", "negativo", "nem pensar", "não rola"])
async def test_regional_noes_on_the_card_refuse(nlu: OfflinePortugueseNlu, text: str) -> None:
    assert (await read(nlu, text, ConversationState.CONFIRMING)).intent == Intent.DENY


async def test_going_ahead_with_details_books_them(nlu: OfflinePortugueseNlu) -> None:
    reading = await read(nlu, "pode marcar pra sexta às 4")
    assert (reading.intent, reading.day, reading.time) == (Intent.BOOK, FRIDAY, ClockTime(4))


async def test_asking_to_book_a_service_is_a_booking(nlu: OfflinePortugueseNlu) -> None:
    reading = await read(nlu, "vc pode marcar uma limpeza pra mim?")
    assert (reading.intent, reading.relation) == (Intent.BOOK, "yo")


async def test_thanks_with_ok_closes(nlu: OfflinePortugueseNlu) -> None:
    assert (await read(nlu, "ok, obrigado")).intent == Intent.THANKS
