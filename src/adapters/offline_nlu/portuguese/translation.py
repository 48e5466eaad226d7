"""A Brazilian Portuguese message rewritten word for word into the Spanish the Spanish readers know.

Portuguese and Spanish share their grammar of appointments ("queria marcar uma consulta na sexta
às 4" is "quería agendar una consulta en la viernes a las 4"), so every reader of the Spanish NLU
(dates, times, parts of the day, intents, names, relatives, services, doctors, the FAQ) reads the
rewritten message. Only the reader's words are rewritten, longest phrase first; everything else
(names above all) stays as typed, capitals and accents included, so a name is cut from what the
patient wrote. A few words need their neighbours or their accents to be read: "é"/"e" (is/and),
"às 4" (at) and "as consultas" (the), "avó"/"avô", "horário" (a free time or the opening hours),
"ter" (to have, or Tuesday: "ter. 12"), a question's closing "não" ("tem vaga hoje não?"), "mainha"
(one's own mother, with no "minha"), "mãe do Enzo" (the writer's son, Enzo).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from adapters.offline_nlu.portuguese.calendar_words import CALENDAR, WEEKDAYS
from adapters.offline_nlu.portuguese.spelling import SHORTHAND, respelled, unstretched
from adapters.offline_nlu.portuguese.talk_words import ALONE, TALK
from adapters.offline_nlu.text import unaccented

WORDS = {**CALENDAR, **TALK}
_LONGEST = max(len(phrase.split()) for phrase in WORDS)
_TOKEN = re.compile(r"[^\W\d_]+")
_BETWEEN_PHRASE_WORDS = re.compile(r"[\s-]+")
_SENTENCE_END = frozenset(".!?¡¿\n")

# "2a", "3ª feira", "6a.": weekdays by number, as calendars and chats write them.
_NUMBERED_WEEKDAY = re.compile(r"(?<![\d/:.])([2-6])\s*[aª]\.?(?:\s*-?\s*feira)?(?![\w/])", re.IGNORECASE)
# "p/ amanhã", "c/ a Dra.": a letter and a slash for a preposition.
_SLASHED = {"p": "pra ", "c": "com ", "s": "sem "}
_SLASH = re.compile(r"\b([pcsPCS])/\s*")
# "meio-dia e meia", "ao meio dia e quinze": minutes past noon, which Spanish says "a las 12 y media".
_NOON_AND = re.compile(
    r"\b(?:(?:ao|a|à|as|às)\s+)?meio[\s-]?dia\s+e\s+(?=(?:meia|quinze|dez|vinte|cinco|trinta|quarenta|\d))",
    re.IGNORECASE,
)
# "1º de dezembro", "dia 1°": the ordinal sign on a day's number.
_ORDINAL = re.compile(r"(?<=\d)[º°]")
# "amanhã 10 horas", "às 2 horas da tarde": a clock hour, as "às 10", "às 2 da tarde" (not "daqui a 2
# horas", "dura 1 hora").
_HOURS = re.compile(r"(?<![\d:/.])(\d{1,2})\s*(?:horas|hora|hrs|hr)\b", re.IGNORECASE)
_NOT_A_CLOCK_BEFORE = frozenset(
    {"a", "daqui", "em", "de", "dentro", "por", "dura", "duram", "leva", "levam", "demora", "demoram"}
    | {"mais", "menos", "uns", "umas", "durante", "quantas", "ha", "faz", "ja", "atrasado", "atrasada"}
)

_NUMBER_WORDS = frozenset(word for word in CALENDAR if " " not in word) & {
    "um", "uma", "dois", "duas", "tres", "quatro", "cinco", "seis", "sete", "oito", "nove", "dez",
    "onze", "doze", "meio", "meia",
}  # fmt: skip
# Words that say "horário" is a free time ("tem horário amanhã?"), not the opening hours.
_SLOT_BEFORE_WORDS = (
    "tem teria tinha tiver algum um outro novo meu primeiro ultimo esse marcar agendar remarcar"
)
_SLOT_BEFORE = frozenset(_SLOT_BEFORE_WORDS.split()) | {
    *("mudar", "trocar", "qualquer", "desses", "dessas", "esses", "nenhum", "outros", "seus", "mesmo"),
    *("segundo", "terceiro", "aquele", "desse", "daquele", "antecipar", "adiar", "passar", "reservar"),
}
_ARTICLES = frozenset({"o", "os", "um", "uns", "esse", "meu", "seu"})
_SLOT_AFTER_WORDS = "disponivel disponiveis livre livres vago vagos pra para pro amanha hoje na no com semana"
_SLOT_AFTER = frozenset(_SLOT_AFTER_WORDS.split()) | frozenset(WEEKDAYS)
_PARTS_OF_DAY = frozenset({"manha", "tarde", "noite", "tardinha", "noitinha"})
# Common names and surnames that are also words of the reader's: kept when capitalised mid-sentence.
_NAME_LIKE = frozenset({"neto", "nora", "marco", "abril", "rosa", "gloria", "graca", "dores", "cruz", "luz"})
_JOINERS = frozenset({"da", "do", "das", "dos", "de", "e", "a", "o"})
# Joiners inside a name in Spanish, so "Ana Júlia Ferreira dos Santos" is read as one name of four
# words ("de los" is a joiner to the Spanish reader, "dos" a fifth word); the engine puts back the
# joiners typed.
_NAME_JOINERS = {"da": "de la", "do": "del", "das": "de las", "dos": "de los"}
# Words read by their neighbours or accents (``_in_context``), known though in no table.
_CONTEXTUAL = frozenset({"e", "as", "a", "o", "avo", "horario", "horarios", "vou", "marco"})
# "tudo bem?" asks how one is; "tudo bem" after a proposal agrees.
_HOW_ARE_YOU = frozenset({"tudo bem", "tudo bom", "td bem", "td bom", "tudo certo", "e ai"})
_MALE_BEFORE = frozenset({"meu", "o", "do", "pro", "seu", "ao", "no"})
_GREETING_ONLY = re.compile(r"\W*(?:(?:oi+e?|ola|opa|bom dia|boa tarde|boa noite|alo)\W+)*")
# Telling the clinic to go ahead ("isso, pode marcar") is a yes; asking it ("pode marcar?") is not.
_GO_AHEAD = frozenset(
    {"pode marcar", "pode agendar", "pode reservar", "pode confirmar", "podem marcar", "podem agendar"}
    | {"pode fechar", "pode marcar sim"}
)
# "ter" is the verb "to have" and Tuesday's abbreviation: a day before a date, a time or a part of
# the day ("ter. 12", "ter às 4", "ter à tarde"), or after another day ("seg ou ter").
_TUESDAY_AFTER = re.compile(
    r"\.?\s*(?:\d|(?:à|às|as|a)\s*\d|(?:de|à|a|pela|na)\s+(?:manh|tard|noit)|cedo|cedinho)", re.IGNORECASE
)
_TUESDAY_BEFORE = frozenset(WEEKDAYS) | {"ou", "na", "proxima", "essa", "nessa", "esta", "nesta"}
# A tooth broken, said apart from it: "o dente da minha filha quebrou", "o dente de trás lascou".
_BROKE = frozenset({"quebrou", "lascou", "trincou", "rachou", "partiu", "quebrei", "lasquei", "trinquei"})
_TOOTH_BEFORE = re.compile(r"\b(?:dente|dentes|dentinho|dentinhos|obturacao|restauracao)\b")
# What closes a question after a "não": "tem vaga hoje não?", "tem hoje não, né?".
_QUESTION_TAIL = re.compile(r"(?:,?\s*(?:é|e|né|ne|eh)\s*)?\?", re.IGNORECASE)
# Mothers and fathers called by these words, in the Northeast above all, need no "minha": "é pra
# mainha", "painho quer marcar" say whose.
_OWN_PARENTS = frozenset(
    {"mainha", "painho", "mamae", "papai", "maezinha", "paizinho", "voinha", "voinho", "vovo"}
)
_POSSESSIVES = frozenset({"meu", "minha", "meus", "minhas", "seu", "sua", "teu", "tua", "nosso", "nossa"})
# A parent named by their child ("sou a Juliana, mãe do Enzo"): the appointment is the child's.
_PARENTS = {
    "mae": ("mamá", "hijo", "hija"), "mamae": ("mamá", "hijo", "hija"), "mainha": ("mamá", "hijo", "hija"),
    "pai": ("papá", "hijo", "hija"), "papai": ("papá", "hijo", "hija"), "painho": ("papá", "hijo", "hija"),
    "avo": ("abuela", "nieto", "nieta"), "vo": ("abuela", "nieto", "nieta"),
    "vovo": ("abuela", "nieto", "nieta"),
    "tia": ("tía", "sobrino", "sobrina"), "tio": ("tío", "sobrino", "sobrina"),
    "madrinha": ("madrina", "ahijado", "ahijada"), "padrinho": ("padrino", "ahijado", "ahijada"),
}  # fmt: skip
_OWN_INTRODUCTION = frozenset({"sou", "e", "aqui", "a", "o", "fala"})


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    typed: str
    key: str  # folded, respelled when a typo or shorthand of the reader's
    guarded: bool  # may be a name: never rewritten


def to_spanish(message: str) -> str:
    """The message with its Portuguese words in Spanish, and the rest as typed."""
    text = _spelled_out(message)
    tokens = _tokens(text)
    if not tokens:
        return text
    whole = " ".join(token.key for token in tokens)
    if whole in ALONE:
        return text[: tokens[0].start] + ALONE[whole] + text[tokens[-1].end :]
    pieces: list[str] = []
    cursor = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        spanish, size = _rewrite(text, tokens, index)
        if spanish is None:
            index += 1
            continue
        pieces.append(text[cursor : token.start])
        pieces.append(_cased(spanish, token.typed) if spanish else "")
        cursor = tokens[index + size - 1].end
        index += size
    pieces.append(text[cursor:])
    return "".join(pieces)


def _spelled_out(message: str) -> str:
    """The message with what is written in signs said in words: "p/" -> "pra", "3ª" -> "terca",
    "meio-dia e meia" -> "às 12 e meia"."""
    text = _SLASH.sub(lambda found: _SLASHED[found[1].lower()], message)
    text = _NUMBERED_WEEKDAY.sub(lambda found: " " + WEEKDAYS[int(found[1]) - 2] + " ", text)
    text = _ORDINAL.sub("", _NOON_AND.sub("às 12 e ", text))
    return _HOURS.sub(_clock_hour, text)


_AT_BEFORE = frozenset({"as", "das", "pelas", "ate", "apos"})


def _clock_hour(found: re.Match[str]) -> str:
    before = unaccented(found.string[: found.start()]).lower().split()
    said_before = before[-1].strip(",.!?") if before else ""
    if said_before in _NOT_A_CLOCK_BEFORE:
        return found[0]
    return found[1] if said_before in _AT_BEFORE else f"às {found[1]}"


def _tokens(text: str) -> list[_Token]:
    shouting = not any(char.islower() for char in text)
    tokens: list[_Token] = []
    name_words_left = 0
    for found in _TOKEN.finditer(text):
        start, end = found.span()
        typed = found[0]
        folded = unaccented(typed)
        glued = _glued(text, start, end)
        capitalised = typed[0].isupper() and not shouting and not _opens_sentence(text, start)
        previous = tokens[-1] if tokens else None
        after_name = (
            previous is not None
            and capitalised
            and previous.guarded
            and not text[previous.end : start].strip()
        )
        guarded = glued or after_name or (capitalised and folded in _NAME_LIKE)
        if previous is not None and text[previous.end : start].strip():
            name_words_left = 0  # punctuation ends a name
        if name_words_left and folded not in _JOINERS and not _known(folded):
            guarded = True
        name_words_left = max(0, name_words_left - 1)
        if capitalised and not _known(folded) and not glued:
            guarded = True  # "com a Dra. Camila", "para Joana Dias"
        key = SHORTHAND.get(folded, folded) if not guarded else folded
        if not guarded and not _known(key):
            typed_capital = typed[0].isupper() and not shouting
            key = (unstretched(folded) if typed_capital else respelled(folded)) or folded
        if key in ("chamo", "chama", "sou") or (key == "e" and previous and previous.key == "nome"):
            name_words_left = 4
        tokens.append(_Token(start, end, typed, key or folded, guarded))
    return tokens


def _unknown(token: _Token | None) -> bool:
    """Whether a token is none of the reader's words: a name, as often as not ("joão da silva")."""
    return token is not None and (token.guarded or not _known(token.key))


def _name_word(token: _Token | None) -> bool:
    """Whether a token may be part of a name: guarded, or capitalised and none of the reader's words."""
    return token is not None and (token.guarded or (token.typed[0].isupper() and not _known(token.key)))


def _glued(text: str, start: int, end: int) -> bool:
    return (start > 0 and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit())


def _known(folded: str) -> bool:
    return folded in WORDS or folded in _CONTEXTUAL


def _opens(text: str, start: int) -> bool:
    """Whether a word opens the message, or follows only a greeting: "É a Luana", "Oi, é a Luana"."""
    before = unaccented(text[:start]).lower()
    return _GREETING_ONLY.fullmatch(before) is not None


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in _SENTENCE_END


def _rewrite(text: str, tokens: list[_Token], index: int) -> tuple[str | None, int]:
    """What the tokens from ``index`` say in Spanish, and how many of them it takes; None if none."""
    token = tokens[index]
    if token.guarded:
        return None, 1
    parent = _parent_of_child(text, tokens, index)
    if parent is not None:
        return parent, 2
    for size in range(min(_LONGEST, len(tokens) - index), 1, -1):
        run = tokens[index : index + size]
        if any(t.guarded for t in run[1:]) or not _adjacent(text, run):
            continue
        phrase = " ".join(t.key for t in run)
        if phrase in _HOW_ARE_YOU and _asks_how(text, run[0], run[-1]):
            return "qué tal", size
        if phrase in _GO_AHEAD and text[run[-1].end :].lstrip()[:1] == "?":
            continue  # "pode marcar?" asks
        if phrase in WORDS:
            return WORDS[phrase], size
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    previous = tokens[index - 1] if index > 0 else None
    said = _in_context(text, token, previous, following)
    if said is not None:
        return said, 1
    return WORDS.get(token.key), 1


def _parent_of_child(text: str, tokens: list[_Token], index: int) -> str | None:
    """ "mãe do Enzo" said by the writer ("sou a Juliana, mãe do Enzo", "aqui é o pai da Ana") as
    Spanish that says whom: "mamá de mi hijo Enzo"; None for any other words."""
    if index + 2 >= len(tokens):
        return None
    token, of, child = tokens[index : index + 3]
    if token.key not in _PARENTS or of.key not in ("do", "da") or not _name_word(child):
        return None
    if not _adjacent(text, [token, of]) or not _adjacent(text, [of, child]):
        return None
    previous = tokens[index - 1] if index > 0 else None
    joined = previous is not None and not text[previous.end : token.start].strip()
    if joined and previous is not None and previous.key not in _OWN_INTRODUCTION:
        return None  # "pra mãe do Enzo": someone else's mother
    parent, son, daughter = _PARENTS[token.key]
    if token.key in ("avo", "vovo") and "ô" in token.typed.lower():
        parent = "abuelo"
    return f"{parent} de mi {son if of.key == 'do' else daughter}"


def _in_context(text: str, token: _Token, previous: _Token | None, following: _Token | None) -> str | None:
    """Words read by their neighbours or accents; None when the word table says it."""
    key, typed = token.key, token.typed
    next_key = following.key if following else ""
    rest = text[token.end :].lstrip()
    before_number = bool(rest[:1].isdigit()) or next_key in _NUMBER_WORDS
    if (
        key == "nao"
        and _QUESTION_TAIL.match(rest)
        and previous is not None
        and not text[previous.end : token.start].strip()
    ):
        return ""  # "tem vaga pra hoje não?", "tem hoje não, né?": a question's tail, no refusal
    if key == "ter" and (
        _TUESDAY_AFTER.match(text, token.end) or (previous is not None and previous.key in _TUESDAY_BEFORE)
    ):
        return "martes"
    if key in _OWN_PARENTS and (previous is None or previous.key not in _POSSESSIVES):
        said = _grandparent(typed, previous) if key == "vovo" else WORDS[key]
        return f"mi {said}"
    if following is not None and following.key in _OWN_PARENTS and key not in _POSSESSIVES:
        if key in ("da", "do"):
            return "de"  # "a consulta da mainha": "de mi mamá"
        if key in ("pra", "pro", "pras", "pros"):
            return "para"  # "pro vovô": "para mi abuelo"
        if key in ("a", "o"):
            return ""  # "levar a mamãe": "mi mamá"
    if key == "e" and typed.lower() == "é" and next_key in ("a", "o") and _opens(text, token.start):
        found = _TOKEN.search(text, following.end) if following is not None else None
        if found is not None and found[0][0].isupper() and not _known(unaccented(found[0])):
            return "aquí"  # "É a Luana (falando)", "Oi, é o Pedro": an introduction
    if key == "e":
        return "es" if typed.lower() == "é" else "y"
    if key in _BROKE and _TOOTH_BEFORE.search(_clause_before(text, token.start)):
        return "se rompió un diente"  # "o dente da minha filha quebrou": a broken tooth, said apart
    if key in ("cacula", "caculinha") and previous is not None and previous.key in ("meu", "minha"):
        return "hijo menor" if previous.key == "meu" else "hija menor"  # "meu caçula": my youngest son
    if key == "falando" and previous is not None and previous.guarded:
        return ""  # "é a Luana falando"
    if key in ("pra", "pro", "pras", "pros") and following is not None and following.guarded:
        return "para"  # "pro Enzo Lima": a name, with no article in Spanish
    if key == "as":
        return "a las" if before_number or typed.lower() == "às" else "las"
    if key in ("a", "o") and previous is not None and previous.typed.lower() == "é" and _name_word(following):
        return ""  # "é a Maria", "é o Lucas": whom, named
    if key == "a":
        if before_number:
            return "a la" if next_key == "uma" else "a las"
        if typed.lower() == "à":
            return "a la"
        return "la" if following is not None and not following.guarded and rest[:1].isalpha() else "a"
    if key in _JOINERS and _unknown(previous) and _unknown(following):
        # "João da Silva", "Maria das Dores": part of the name, a joiner the Spanish reader knows as one
        # when a capital follows, as it reads joiners ("joão da silva" stays a name of three words)
        capital = following is not None and following.typed[:1].isupper()
        return _NAME_JOINERS.get(key, token.typed) if capital else token.typed
    if key in ("da", "do") and following is not None and following.guarded:
        return "de"  # "a consulta do Pedro", "mãe da Ana"
    if key == "avo":
        return _grandparent(typed, previous)
    if key in ("horario", "horarios"):
        slot = (previous is not None and previous.key in _SLOT_BEFORE) or next_key in _SLOT_AFTER
        said_before = unaccented(text[: token.start]).lower().split()[-2:]
        if len(said_before) == 2 and said_before[1] in _ARTICLES:
            slot = slot or said_before[0] in _SLOT_BEFORE  # "mudar o horário", "trocar o horário"
        if next_key == "de" and rest:
            slot = slot or _word_after(text, following) in _PARTS_OF_DAY
        if slot:
            return "hora" if key == "horario" else "horas"
        return key
    if key == "vou":
        return "voy a" if len(next_key) > 2 and next_key.endswith("r") else "voy"
    if key == "marco":
        before = text[: token.start].rstrip()
        return "marzo" if before.endswith("de") or before[-1:].isdigit() else "marco"
    return None


def _clause_before(text: str, start: int) -> str:
    """What the clause says before ``start``, folded: "o dente da minha filha " in "oi, o dente da
    minha filha quebrou"."""
    before = text[:start]
    cut = max(before.rfind(mark) for mark in ",.;!?\n")
    return unaccented(before[cut + 1 :]).lower()


def _grandparent(typed: str, previous: _Token | None) -> str:
    """ "avó", "vovó" (grandma) or "avô", "vovô" (grandpa), by the accent or the word before."""
    if "ô" in typed.lower():
        return "abuelo"
    if "ó" in typed.lower():
        return "abuela"
    return "abuelo" if previous is not None and previous.key in _MALE_BEFORE else "abuela"


def _asks_how(text: str, first: _Token, last: _Token) -> bool:
    """Whether "tudo bem" asks how one is: a question, or opening a message after a greeting."""
    if text[last.end :].lstrip()[:1] == "?":
        return True
    before = unaccented(text[: first.start]).strip(" ,!.")
    return before.split()[-1:] in (["oi"], ["ola"], ["dia"], ["tarde"], ["noite"], ["opa"])


def _word_after(text: str, token: _Token | None) -> str:
    if token is None:
        return ""
    found = _TOKEN.search(text, token.end)
    return unaccented(found[0]) if found else ""


def _adjacent(text: str, run: list[_Token]) -> bool:
    """Whether the tokens stand one after another with only spaces or hyphens between them."""
    return all(
        _BETWEEN_PHRASE_WORDS.fullmatch(text[one.end : other.start]) is not None
        for one, other in pairwise(run)
    )


def _cased(spanish: str, typed: str) -> str:
    """``spanish`` cased as the patient typed the word it replaces: "Amanhã" -> "Mañana"."""
    if len(typed) > 1 and typed.isupper():
        return spanish.upper()
    if typed[0].isupper():
        return spanish[:1].upper() + spanish[1:]
    return spanish


def words_read(message: str) -> list[str]:
    """The message's words, folded, shorthand and typos of the reader's words respelled."""
    text = _spelled_out(message)
    # Letters glued to digits ("16h", "2a") belong to the number.
    return [
        word
        for token in _tokens(text)
        if not _glued(text, token.start, token.end)
        for word in token.key.split()
    ]
