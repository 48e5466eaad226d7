"""The offline Portuguese reader names the clinic's services and doctors in Brazilian words, and
reads questions about them and the clinic (issue 26)."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.offline_nlu.portuguese import OfflinePortugueseNlu
from domain.ids import DoctorId, ServiceId
from domain.understanding import Intent, ServiceQuestion, Understanding
from tests.unit.adapters.reading import reading_context

CLINIC = load_demo_clinic()
TODAY = date(2026, 11, 25)  # a Wednesday
FRIDAY = date(2026, 11, 27)
PEREZ, SOTO, ROJAS = DoctorId("perez"), DoctorId("soto"), DoctorId("rojas")
WHERE, HOURS, PAYMENT, PARKING = 0, 1, 2, 3
PRICE, DURATION, PREPARATION = ServiceQuestion.PRICE, ServiceQuestion.DURATION, ServiceQuestion.PREPARATION


@pytest.fixture(scope="module")
def nlu() -> OfflinePortugueseNlu:
    return OfflinePortugueseNlu()


async def read(nlu: OfflinePortugueseNlu, text: str) -> Understanding:
    return await nlu.understand(text, reading_context(CLINIC, TODAY))


SERVICES = [
    ("queria marcar uma limpeza", "limpieza"),
    ("limpeza", "limpieza"),
    ("quero fazer uma limpeza nos dentes", "limpieza"),
    ("quero fazer clareamento", "blanqueamiento"),
    ("clareamento dental", "blanqueamiento"),
    ("queria clarear os dentes", "blanqueamiento"),
    ("manutenção do aparelho", "control_ortodoncia"),
    ("preciso de uma consulta de rotina", "evaluacion"),
    ("queria fazer uma avaliação", "evaluacion"),
    ("uma revisão", "evaluacion"),
    ("quero um orçamento", "evaluacion"),
    ("preciso tirar um dente", "extraccion"),
    ("extração do dente do siso", "extraccion"),
    ("estou com dor de dente", "urgencia"),
    ("é uma urgência", "urgencia"),
    ("quebrou um dente", "urgencia"),
    ("Tô com o rosto inchado", "urgencia"),
    ("aparelho soltou um bracket", "control_ortodoncia"),
    # The wisdom tooth, said alone: "tirar o siso".
    ("preciso arrancar o siso", "extraccion"),
    ("quero tirar os sisos", "extraccion"),
    ("o siso tá nascendo torto, quero tirar", "extraccion"),
    # A tooth broken, chipped or cracked; pain, however it is said; a swollen gum.
    ("quebrei o dente da frente", "urgencia"),
    ("meu filho lascou um dente", "urgencia"),
    ("trincou um dente", "urgencia"),
    ("o dente tá doendo", "urgencia"),
    ("meu dente dói muito", "urgencia"),
    ("meu dente tá latejando", "urgencia"),
    ("a gengiva inchou", "urgencia"),
    ("tô com a gengiva inchada", "urgencia"),
    ("meu dente quebrou, vcs atendem hoje?", "urgencia"),
    ("o dente da frente lascou", "urgencia"),
    ("a restauração caiu", "urgencia"),
    ("o dentinho da minha filha quebrou", "urgencia"),
    ("o dente da frente do meu filho lascou ontem", "urgencia"),
    ("quebrou um pedaço do meu dente", "urgencia"),
    ("caiu um pedaço do dente", "urgencia"),
    # Braces tightened, or come loose.
    ("preciso apertar meu aparelho", "control_ortodoncia"),
    ("o bracket soltou", "control_ortodoncia"),
    ("caiu um bracket do aparelho", "control_ortodoncia"),
    ("meu aparelho quebrou", "control_ortodoncia"),
    ("o fio do aparelho soltou", "control_ortodoncia"),
    ("soltou um braquete", "control_ortodoncia"),
    ("queria pôr aparelho", "instalacion_brackets"),
    ("o aparelho da minha filha tá machucando", "urgencia"),
]


@pytest.mark.parametrize(("text", "service"), SERVICES)
async def test_names_the_service(nlu: OfflinePortugueseNlu, text: str, service: str) -> None:
    assert (await read(nlu, text)).service_id == ServiceId(service)


async def test_a_service_and_a_day_book(nlu: OfflinePortugueseNlu) -> None:
    reading = await read(nlu, "limpeza na sexta de manhã")
    assert (reading.intent, reading.service_id, reading.day) == (Intent.BOOK, ServiceId("limpieza"), FRIDAY)


DOCTORS = [
    ("com a dra. perez", PEREZ),
    ("dr. perez", PEREZ),
    ("doutor perez", PEREZ),
    ("com a doutora Pérez amanhã", PEREZ),
    ("com o doutor Soto", SOTO),
    ("a doutora rojas atende sexta?", ROJAS),
    ("com a doutora Camila", PEREZ),
    ("quero marcar com a Valentina Rojas", ROJAS),
    ("com o ortodontista", SOTO),
    ("queria passar com o ortodontista", SOTO),
    ("dentista infantil", ROJAS),
    ("odontopediatra", ROJAS),
    ("é pro meu filho, com a dentista infantil", ROJAS),
    ("meu aparelho soltou, quero ver o doutor do aparelho", SOTO),
]


@pytest.mark.parametrize(("text", "doctor"), DOCTORS)
async def test_names_the_doctor(nlu: OfflinePortugueseNlu, text: str, doctor: DoctorId) -> None:
    assert (await read(nlu, text)).doctor_id == doctor


FAQ = [
    ("onde fica a clínica?", WHERE),
    ("qual o endereço?", WHERE),
    ("qual o horário de funcionamento?", HOURS),
    ("que horas vocês abrem?", HOURS),
    ("vocês abrem no feriado?", HOURS),
    ("aceita cartão de crédito?", PAYMENT),
    ("posso pagar com pix?", PAYMENT),
    ("dá pra parcelar?", PAYMENT),
    ("vocês aceitam convênio?", PAYMENT),
    ("tem estacionamento?", PARKING),
    ("posso estacionar o carro aí?", PARKING),
    ("vcs ficam aonde?", WHERE),
    ("Vocês atendem convênio?", PAYMENT),
]


@pytest.mark.parametrize(("text", "index"), FAQ)
async def test_answers_from_the_faq(nlu: OfflinePortugueseNlu, text: str, index: int) -> None:
    reading = await read(nlu, text)
    assert (reading.intent, reading.faq_index) == (Intent.FAQ, index)


async def test_a_portuguese_word_spelt_as_a_keyword_matches_it(nlu: OfflinePortugueseNlu) -> None:
    # "metro" is the same word in both languages: the FAQ's own keyword.
    assert (await read(nlu, "fica perto do metro?")).faq_index == WHERE


QUESTIONS = [
    ("quanto custa a limpeza?", "limpieza", PRICE),
    ("qto custa a limpeza", "limpieza", PRICE),
    ("qual o valor do clareamento?", "blanqueamiento", PRICE),
    ("qual o preço da avaliação?", "evaluacion", PRICE),
    ("quanto fica o clareamento?", "blanqueamiento", PRICE),
    ("quanto tempo demora a limpeza?", "limpieza", DURATION),
    ("quanto tempo dura o clareamento?", "blanqueamiento", DURATION),
    ("preciso ir em jejum pra extração?", "extraccion", PREPARATION),
    ("o que preciso levar pra avaliação?", "evaluacion", PREPARATION),
]


@pytest.mark.parametrize(("text", "service", "asks"), QUESTIONS)
async def test_reads_a_question_about_a_service(
    nlu: OfflinePortugueseNlu, text: str, service: str, asks: ServiceQuestion
) -> None:
    reading = await read(nlu, text)
    assert (reading.intent, reading.service_id, reading.asks) == (Intent.FAQ, ServiceId(service), asks)


@pytest.mark.parametrize(
    ("text", "asks"), [("quanto custa?", PRICE), ("quanto tempo demora?", DURATION), ("quanto é?", PRICE)]
)
async def test_a_question_with_no_service_named(
    nlu: OfflinePortugueseNlu, text: str, asks: ServiceQuestion
) -> None:
    reading = await read(nlu, text)
    assert (reading.intent, reading.asks) == (Intent.FAQ, asks)


async def test_pain_with_a_treatment_not_listed_is_an_urgent_booking(nlu: OfflinePortugueseNlu) -> None:
    reading = await read(nlu, "acho que vou ter que fazer canal, dói demais")
    assert (reading.intent, reading.service_id) == (Intent.BOOK, ServiceId("urgencia"))


WHOM_NAMES_NO_DOCTOR = [
    "tenho dois filhos pra marcar",
    "é pros meus dois filhos",
    "dá pra encaixar meu filho hoje ainda?",
    "pro meu filho amanhã de manhã",
    "é pra minha filha",
    "meu bebê tem 1 ano, tem horário?",
    "uma avaliação pra minha filha",
    "odontopediatria pro meu filho",
    "meu guri precisa ir no dentista",
]


@pytest.mark.parametrize("text", WHOM_NAMES_NO_DOCTOR)
async def test_a_child_names_no_doctor(nlu: OfflinePortugueseNlu, text: str) -> None:
    assert (await read(nlu, text)).doctor_id is None


DOCTOR_BESIDE_WHOM = [
    ("pro meu filho, com a Dra. Rojas", ROJAS),
    ("pra minha filha com a odontopediatra", ROJAS),
    ("pro meu marido com o ortodontista", SOTO),
    ("odontopediatria pra minha filha com a Dra. Valentina", ROJAS),
    ("pra minha filha com a dentista das crianças", ROJAS),
]


@pytest.mark.parametrize(("text", "doctor"), DOCTOR_BESIDE_WHOM)
async def test_a_doctor_named_beside_whom_stays(
    nlu: OfflinePortugueseNlu, text: str, doctor: DoctorId
) -> None:
    assert (await read(nlu, text)).doctor_id == doctor


@pytest.mark.parametrize("text", ["vcs aceitam unimed?", "aceita Amil?", "vocês atendem odontoprev?"])
async def test_a_plan_by_its_name_asks_about_payment(nlu: OfflinePortugueseNlu, text: str) -> None:
    reading = await read(nlu, text)
    assert (reading.intent, reading.faq_index) == (Intent.FAQ, PAYMENT)
