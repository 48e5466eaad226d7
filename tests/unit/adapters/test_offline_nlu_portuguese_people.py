"""The offline Portuguese reader reads who the appointment is for: the name and the relative (issue 26)."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.offline_nlu.portuguese import OfflinePortugueseNlu
from domain.conversation import ConversationState
from domain.people import RELATIVES, SELF
from domain.understanding import Intent, Understanding
from tests.unit.adapters.reading import reading_context

CLINIC = load_demo_clinic()
TODAY = date(2026, 11, 25)  # a Wednesday
TOMORROW = date(2026, 11, 26)
COLLECTING_NAME = ConversationState.COLLECTING_NAME


@pytest.fixture(scope="module")
def nlu() -> OfflinePortugueseNlu:
    return OfflinePortugueseNlu()


async def read(
    nlu: OfflinePortugueseNlu, text: str, state: ConversationState = ConversationState.IDLE
) -> Understanding:
    return await nlu.understand(text, reading_context(CLINIC, TODAY, state))


NAMES = [
    ("me chamo João Silva", "João Silva"),
    ("Me chamo joão silva", "João Silva"),
    ("meu nome é Ana Paula Souza", "Ana Paula Souza"),
    ("meu nome e ana paula", "Ana Paula"),
    ("sou a Maria", "Maria"),
    ("sou o Carlos Eduardo", "Carlos Eduardo"),
    ("Oi, sou a Fernanda, queria marcar uma limpeza", "Fernanda"),
    ("me chamo João da Silva", "João da Silva"),
    ("em nome de Luciana Alves", "Luciana Alves"),
    ("é pro meu filho Pedro", "Pedro"),
    ("é pra minha filha Beatriz Costa", "Beatriz Costa"),
    ("minha filha se chama Sofia", "Sofia"),
    ("Bom dia, me chamo Gabriel e queria marcar pra amanhã", "Gabriel"),
    ("Sou a Ana da Silva, queria marcar na Sexta", "Ana da Silva"),
    ("meu nome é Antônio Carlos", "Antônio Carlos"),
    ("Tem como marcar pra minha mãe? O nome dela é Maria das Graças", "Maria das Graças"),
    # Four names and their joiners, "é a Luana", a name after "pro".
    ("meu nome é Maria Eduarda Souza da Costa, tem horário?", "Maria Eduarda Souza da Costa"),
    ("me chamo Ana Paula dos Santos Lima", "Ana Paula dos Santos Lima"),
    ("É a Luana falando", "Luana"),
    ("Oi, é o Pedro Henrique, queria marcar pra amanhã", "Pedro Henrique"),
    ("Bom dia! É a Carla, tem horário hoje?", "Carla"),
    ("queria marcar pro Enzo Lima amanhã", "Enzo Lima"),
]


@pytest.mark.parametrize(("text", "name"), NAMES)
async def test_reads_the_name(nlu: OfflinePortugueseNlu, text: str, name: str) -> None:
    assert (await read(nlu, text)).patient_name == name


BARE_NAMES = [
    ("Ana Souza", "Ana Souza"),
    ("joão pedro", "João Pedro"),
    ("Mariana", "Mariana"),
    ("Camila Ferreira, obrigada", "Camila Ferreira"),
    ("sim, Rafael Lima", "Rafael Lima"),
    ("Marta Oliveira", "Marta Oliveira"),
    ("Maria das Graças Oliveira", "Maria das Graças Oliveira"),
    ("joão da silva", "João da Silva"),
    ("ana paula dos santos", "Ana Paula dos Santos"),
    ("é o Lucas", "Lucas"),
    ("é a Beatriz Lima", "Beatriz Lima"),
    ("Lucas, meu filho", "Lucas"),
    ("Ana Júlia Ferreira dos Santos", "Ana Júlia Ferreira dos Santos"),
    ("Ana Paula dos Santos Lima", "Ana Paula dos Santos Lima"),
]


@pytest.mark.parametrize(("text", "name"), BARE_NAMES)
async def test_a_bare_name_answers_the_question_for_it(
    nlu: OfflinePortugueseNlu, text: str, name: str
) -> None:
    assert (await read(nlu, text, COLLECTING_NAME)).patient_name == name


@pytest.mark.parametrize("text", ["Ana Souza", "Mariana"])
async def test_a_bare_name_is_a_name_only_when_asked(nlu: OfflinePortugueseNlu, text: str) -> None:
    assert (await read(nlu, text)).patient_name is None


@pytest.mark.parametrize("text", ["sim", "obrigada", "amanhã", "pode ser", "não sei"])
async def test_answers_are_no_names(nlu: OfflinePortugueseNlu, text: str) -> None:
    assert (await read(nlu, text, COLLECTING_NAME)).patient_name is None


WHOM = [
    ("é pro meu filho", "hijo"),
    ("é pra minha filha", "hija"),
    ("queria marcar pra minha mãe", "mamá"),
    ("consulta pra mainha", "mamá"),  # "mainha" is one's own mother, with no "minha"
    ("pra minha mainha", "mamá"),
    ("é pro meu pai", "papá"),
    ("pro meu painho", "papá"),
    ("pra minha esposa", "esposa"),
    ("é pro meu marido", "marido"),
    ("pra minha avó", "abuela"),
    ("pro meu avô", "abuelo"),
    ("pro meu avo", "abuelo"),
    ("pra minha avo", "abuela"),
    ("pros meus filhos", "hijos"),
    ("pra minha irmã", "hermana"),
    ("é pro meu irmão", "hermano"),
    ("pra minha sogra", "suegra"),
    ("é pra mim", SELF),
    ("pra mim mesmo", SELF),
    ("pra mim, amanhã de manhã", SELF),
    ("sou eu mesma", SELF),
    ("a consulta é do meu filho", "hijo"),
    ("Gostaria de agendar uma consulta para o meu filho de 8 anos", "hijo"),
    ("é para a minha mãe", "mamá"),
    ("a minha esposa precisa de uma limpeza", "esposa"),
    ("queria marcar pra minha vó", "abuela"),
    ("tem horário sábado de manhã pro meu marido?", "marido"),
    ("a consulta da minha filha", "hija"),
]


@pytest.mark.parametrize(("text", "relation"), WHOM)
async def test_reads_whom_it_is_for(nlu: OfflinePortugueseNlu, text: str, relation: str | None) -> None:
    reading = await read(nlu, text)
    assert reading.relation == relation
    assert relation is None or relation == SELF or relation in RELATIVES


async def test_a_relative_and_a_name_and_a_day(nlu: OfflinePortugueseNlu) -> None:
    reading = await read(nlu, "queria marcar pro meu filho Pedro Santos amanhã de manhã")
    assert (reading.intent, reading.relation, reading.patient_name, reading.day) == (
        Intent.BOOK,
        "hijo",
        "Pedro Santos",
        TOMORROW,
    )


async def test_a_parent_introducing_themselves_names_the_child(nlu: OfflinePortugueseNlu) -> None:
    reading = await read(nlu, "sou a mãe da Ana")
    assert reading.patient_name == "Ana"


async def test_a_surname_like_a_word_stays_a_name(nlu: OfflinePortugueseNlu) -> None:
    assert (await read(nlu, "me chamo João Neto")).patient_name == "João Neto"


REGIONAL_WHOM = [
    # The South's "guri", "guria", "piá", São Paulo's "moleque": a child.
    ("meu guri tá com dor de dente", "hijo"),
    ("pro meu guri", "hijo"),
    ("a minha guria precisa de uma limpeza", "hija"),
    ("é pra minha guria", "hija"),
    ("meu piá precisa ir no dentista", "hijo"),
    ("pro meu piazinho", "hijo"),
    ("meu moleque quebrou o dente", "hijo"),
    ("minha patroa precisa de uma limpeza", "esposa"),
    # The Northeast's "mainha", "painho", "voinha", and "mamãe", "vovó", need no "minha".
    ("pra mainha", "mamá"),
    ("mainha precisa de uma consulta", "mamá"),
    ("painho tá com dor de dente", "papá"),
    ("a consulta é pro painho", "papá"),
    ("queria marcar pra mamãe", "mamá"),
    ("papai quer fazer uma limpeza", "papá"),
    ("é pra voinha", "abuela"),
    ("pra vovó", "abuela"),
    ("pro vovô", "abuelo"),
    ("a consulta da mainha", "mamá"),
    # "caçula", the youngest: "meu caçula" is a son.
    ("meu caçula tá com dor", "hijo"),
    ("minha caçula precisa de limpeza", "hija"),
    ("quero marcar pra minha irmã caçula", "hermana"),
]


@pytest.mark.parametrize(("text", "relation"), REGIONAL_WHOM)
async def test_reads_whom_in_regional_words(nlu: OfflinePortugueseNlu, text: str, relation: str) -> None:
    assert (await read(nlu, text)).relation == relation


PARENTS_OF = [
    ("oi, aqui é o Marcos, pai da Laura", "hija", "Laura"),
    ("sou a Carla, mãe do Pedro Henrique", "hijo", "Pedro Henrique"),
    ("Boa tarde! Sou a avó do Miguel, queria marcar uma consulta pra ele", "nieto", "Miguel"),
    ("sou a tia da Sofia", "sobrina", "Sofia"),
    ("é a mãe da Alice", "hija", "Alice"),
]


@pytest.mark.parametrize(("text", "relation", "name"), PARENTS_OF)
async def test_a_writer_named_by_the_child_books_for_the_child(
    nlu: OfflinePortugueseNlu, text: str, relation: str, name: str
) -> None:
    reading = await read(nlu, text)
    assert (reading.relation, reading.patient_name) == (relation, name)


async def test_someone_elses_mother_is_no_relative_of_the_writer(nlu: OfflinePortugueseNlu) -> None:
    reading = await read(nlu, "queria marcar pra mãe do Pedro")
    assert reading.relation is None


NAME_THEN_A_QUESTION = [
    ("sou o Bruno Alves\ntem vaga amanhã?", "Bruno Alves"),
    ("meu nome é Patrícia Lima\nvocês atendem sábado?", "Patrícia Lima"),
    ("me chamo Thiago Rocha pode ser sexta", "Thiago Rocha"),
    ("sou a Aline\ntem horário de tarde?", "Aline"),
]


@pytest.mark.parametrize(("text", "name"), NAME_THEN_A_QUESTION)
async def test_a_name_ends_before_the_words_after_it(nlu: OfflinePortugueseNlu, text: str, name: str) -> None:
    assert (await read(nlu, text)).patient_name == name


async def test_the_youngest_is_no_name(nlu: OfflinePortugueseNlu) -> None:
    assert (await read(nlu, "quero marcar pra minha irmã caçula")).patient_name is None
