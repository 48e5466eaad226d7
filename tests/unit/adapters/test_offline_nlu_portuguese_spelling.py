"""The offline Portuguese reader reads Brazilian texting (no accents, shorthand, typos), knows its
words (the vocabulary a language detector uses) and says which words it has no use for (issue 26)."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.offline_nlu.portuguese import SHARED_WITH_SPANISH, VOCABULARY, OfflinePortugueseNlu
from adapters.offline_nlu.portuguese.spelling import respelled
from domain.conversation import ConversationState
from domain.understanding import Intent, Understanding
from domain.when import ClockTime, DayPart, Meridiem
from tests.unit.adapters.reading import reading_context

CLINIC = load_demo_clinic()
TODAY = date(2026, 11, 25)  # a Wednesday
TOMORROW = date(2026, 11, 26)
FRIDAY = date(2026, 11, 27)
SATURDAY = date(2026, 11, 28)
MONDAY = date(2026, 11, 30)
TUESDAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def nlu() -> OfflinePortugueseNlu:
    return OfflinePortugueseNlu()


async def read(
    nlu: OfflinePortugueseNlu, text: str, state: ConversationState = ConversationState.IDLE
) -> Understanding:
    return await nlu.understand(text, reading_context(CLINIC, TODAY, state))


TEXTING = [
    ("vc tem horario amnh?", Understanding(Intent.BOOK, day=TOMORROW)),
    ("hj a tarde tem?", Understanding(Intent.BOOK, day=TODAY, part=DayPart.AFTERNOON)),
    ("q horas vcs tem na sexta?", Understanding(Intent.BOOK, day=FRIDAY)),
    ("tb queria saber se tem sabado", Understanding(Intent.BOOK, day=SATURDAY)),
    ("pq nao posso segunda, so terca", Understanding(Intent.BOOK, day=TUESDAY)),
    (
        "queria marca p/ amanha as 4 da tarde",
        Understanding(Intent.BOOK, day=TOMORROW, time=ClockTime(4, 0, Meridiem.PM)),
    ),
    ("QUERO MARCAR PRA SEGUNDA", Understanding(Intent.BOOK, day=MONDAY)),
    ("oiii", Understanding(Intent.GREET)),
    ("simmm", Understanding(Intent.AFFIRM)),
    ("obgg", Understanding(Intent.THANKS)),
    ("amanah as 10", Understanding(Intent.BOOK, day=TOMORROW, time=ClockTime(10))),
    ("na segnda", Understanding(Intent.BOOK, day=MONDAY)),
    ("sabdo de manha", Understanding(Intent.BOOK, day=SATURDAY, part=DayPart.MORNING)),
    ("quinat feira", Understanding(Intent.BOOK, day=TOMORROW)),
    ("tem orario?", Understanding(Intent.BOOK)),
    ("quero agenda uma consuta", Understanding(Intent.BOOK)),
    ("desmarcar minha cosulta", Understanding(Intent.CANCEL)),
    ("n vou poder ir amanha", Understanding(Intent.CANCEL)),
    ("blz, pode ser", Understanding(Intent.AFFIRM)),
    ("vlw", Understanding(Intent.THANKS)),
    ("q horas e minha consulta?", Understanding(Intent.MY_APPOINTMENTS)),
    ("qdo e minha consulta", Understanding(Intent.MY_APPOINTMENTS)),
    ("vc pode me encaixar hj a tarde?", Understanding(Intent.BOOK, day=TODAY, part=DayPart.AFTERNOON)),
    ("seg as 10h", Understanding(Intent.BOOK, day=MONDAY, time=ClockTime(10))),
]


@pytest.mark.parametrize(("text", "expected"), TEXTING)
async def test_reads_brazilian_texting(nlu: OfflinePortugueseNlu, text: str, expected: Understanding) -> None:
    assert await read(nlu, text) == expected


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("vc", "voce"),
        ("hj", "hoje"),
        ("amnh", "amanha"),
        ("dps", "depois"),
        ("amanah", "amanha"),
        ("segnda", "segunda"),
    ],
)
def test_respells_shorthand_and_typos(typed: str, word: str) -> None:
    assert respelled(typed) == word


@pytest.mark.parametrize(
    "word",
    [
        *("marta", "marcia", "sexto", "tempo", "pedro", "nome", "vizinho", "vizinha", "escova"),
        *("atendendo", "patrao", "noivo", "pessoal", "entrada", "mercado", "doida", "querida", "caro"),
        *("atestado", "guia", "guias", "posto"),
    ],
)
def test_real_words_and_names_are_no_typos(word: str) -> None:
    assert respelled(word) is None


@pytest.mark.parametrize("text", ["preciso de atestado", "precisa de guia do convênio?"])
async def test_a_word_near_a_yes_or_a_relative_is_neither(nlu: OfflinePortugueseNlu, text: str) -> None:
    reading = await read(nlu, text, ConversationState.CONFIRMING)
    assert reading.intent != Intent.AFFIRM
    assert reading.relation is None


async def test_a_neighbour_is_no_grandparent(nlu: OfflinePortugueseNlu) -> None:
    assert (await read(nlu, "é pro meu vizinho")).relation is None


async def test_a_doctor_seeing_patients_is_no_receptionist(nlu: OfflinePortugueseNlu) -> None:
    reading = await read(nlu, "a doutora Pérez tá atendendo amanhã?")
    assert (reading.intent, reading.day) == (Intent.BOOK, TOMORROW)


@pytest.mark.parametrize("text", ["Marta Oliveira", "me chamo Marcia Sexto"])
async def test_names_are_never_respelled(nlu: OfflinePortugueseNlu, text: str) -> None:
    reading = await read(nlu, text, ConversationState.COLLECTING_NAME)
    assert reading.patient_name is not None
    assert reading.patient_name.startswith(text.split()[-2])


DISTINCTIVE = [
    *("voce", "vc", "nao", "amanha", "manha", "queria", "marcar", "horario", "obrigado", "obrigada"),
    *("ta", "pra", "pro", "ne", "tudo", "bom", "boa", "dia", "segunda", "feira", "hoje", "sim", "oi"),
]


@pytest.mark.parametrize("word", DISTINCTIVE)
def test_the_vocabulary_knows_brazilian_words(word: str) -> None:
    assert word in VOCABULARY


@pytest.mark.parametrize(
    "word", ["voce", "nao", "amanha", "marcar", "obrigado", "pra", "hoje", "sim", "oi", "feira"]
)
def test_distinctive_words_are_not_shared_with_spanish(word: str) -> None:
    assert word not in SHARED_WITH_SPANISH


@pytest.mark.parametrize(
    "word",
    [
        *("consulta", "para", "tarde", "domingo", "que", "no", "segunda", "marido", "urgencia"),
        *("tranquilo", "ver", "frente", "uhum", "colegio", "caro", "brackets"),
    ],
)
def test_words_spelt_alike_are_shared_with_spanish(word: str) -> None:
    assert word in VOCABULARY
    assert word in SHARED_WITH_SPANISH


def test_the_vocabulary_is_folded() -> None:
    assert all(word == word.lower() and word.isascii() for word in VOCABULARY)


FULLY_READ = [
    "queria marcar uma consulta pra amanhã de manhã",
    "oi, tudo bem? vc tem horário na sexta às 4?",
    "é pro meu filho, pode ser segunda à tarde",
    "me chamo João Silva",
    "quanto custa a limpeza?",
    "obrigada!",
]


@pytest.mark.parametrize("text", FULLY_READ)
async def test_a_message_of_known_words_leaves_nothing_unread(nlu: OfflinePortugueseNlu, text: str) -> None:
    context = reading_context(CLINIC, TODAY)
    reading = await nlu.understand(text, context)
    assert nlu.unread(text, context, reading) == []


@pytest.mark.parametrize(
    ("text", "unread"),
    [
        ("vocês atendem pelo SUS?", ["sus"]),
        ("pode ser depois da natação?", ["depois", "natacao"]),
        ("queria marcar antes das 10", ["antes"]),
    ],
)
async def test_says_which_words_it_has_no_use_for(
    nlu: OfflinePortugueseNlu, text: str, unread: list[str]
) -> None:
    context = reading_context(CLINIC, TODAY)
    reading = await nlu.understand(text, context)
    assert nlu.unread(text, context, reading) == unread
