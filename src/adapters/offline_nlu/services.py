"""Which of the clinic's services a message names, and what it asks about one (price, preparation, length).

Services are matched by the clinic's own words only: each service's name and synonyms, folded
like messages, singular or plural ("limpiezas"), a phrase of several words as a phrase ("control
de los brackets" for "control de brackets"). Nothing here knows what a dental clinic sells.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from adapters.offline_nlu.negation import is_refused
from adapters.offline_nlu.service_questions import ASKED, BESIDE_A_SERVICE, questions
from adapters.offline_nlu.service_words import Respelling, equivalents, respell
from adapters.offline_nlu.text import WORD, Span, clause_bounds, fold
from domain.ids import ServiceId
from domain.services import Service
from domain.understanding import ServiceQuestion

# Whether the text between two indices is something the patient rules out ("no quiero limpieza").
Refusal = Callable[[str, int, int], bool]

# Words that may stand between a service's words ("control de los brackets") and say nothing of it.
# Not "unas": folded, it is also "uñas".
# Nor do adverbs of degree: "me duele mucho la muela", "me duele caleta" (Chile), "full" (Colombia).
_FILLERS = frozenset(
    {"a", "al", "con", "de", "del", "e", "el", "en", "la", "las", "lo", "los", "para", "por", "un", "una"}
    | {"y", "mi", "mis", "su", "sus"}
    | {"mucho", "muchisimo", "demasiado", "bastante", "harto", "tanto", "muy", "re", "mas"}
    | {"caleta", "full", "burda"}
)
_MAX_GAP = 3  # fillers in a row inside a phrase
# What separates two names for one service inside one: "Limpieza dental (profilaxis)" is named by
# "limpieza dental" and by "profilaxis", "Consulta odontopediátrica (niños)" by either part.
_ALTERNATIVES = re.compile(r"[()\[\]/|]")

Phrase = tuple[str, ...]


def singular(word: str) -> str:
    """A folded word without its plural ending, so "limpiezas" meets "limpieza", "controles" "control"."""
    if len(word) > 4 and word.endswith("ces"):
        return word[:-3] + "z"  # "luces" -> "luz"
    if len(word) > 4 and word.endswith("es") and word[-3] in "lrndjy":
        return word[:-2]  # "controles", "evaluaciones"
    if len(word) > 3 and word.endswith("s"):
        return word[:-1]  # "limpiezas", "brackets"
    return word


def _forms(word: str) -> frozenset[str]:
    """What a patient may write for a folded word of the clinic's: singular or plural, never a
    filler (not "una" for "uñas")."""
    base = singular(word)
    forms = {word, base, base + "s", base + "es"}
    if base.endswith("z"):
        forms.add(base[:-1] + "ces")
    return frozenset(forms - _FILLERS)


def _heard(word: str) -> frozenset[str]:
    """Every form of a clinic's word and of what it means in other countries: "brackets", "frenos"..."""
    return frozenset[str]().union(*(_forms(same) for same in equivalents(word)))


def service_phrases(service: Service) -> tuple[Phrase, ...]:
    """The phrases a patient may name ``service`` by: folded words, fillers dropped, longest first."""
    return _phrases(service.name, service.synonyms)


@lru_cache(maxsize=4096)
def _phrases(name: str, synonyms: tuple[str, ...]) -> tuple[Phrase, ...]:
    # Folding is the costly part, and every message of every turn asks again for the same words.
    phrases: list[Phrase] = []
    for term in (name, *synonyms):
        for piece in _ALTERNATIVES.split(fold(term).text):
            phrase = tuple(w for w in WORD.findall(piece) if w not in _FILLERS)
            if phrase and phrase not in phrases:
                phrases.append(phrase)
    return tuple(sorted(phrases, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _Reader:
    """How a message names one service: one pattern for all its phrases, and all their words."""

    sizes: tuple[int, ...]  # words per phrase, longest first: the pattern's groups, in order
    pattern: re.Pattern[str]
    words: frozenset[str]  # every form of every word: a message with none of them is skipped


@lru_cache(maxsize=4096)
def _reader(name: str, synonyms: tuple[str, ...]) -> _Reader | None:
    """A service's reader, built once per name and synonyms (like doctors' names in ``clinic_terms``).

    Between two words of a phrase only whitespace and a few fillers: "control de los brackets"
    for "control de brackets", but "limpieza, dental" is two things.
    """
    phrases = _phrases(name, synonyms)
    if not phrases:
        return None
    forms = tuple(tuple(_heard(word) for word in phrase) for phrase in phrases)
    fillers = "|".join(sorted(_FILLERS, key=len, reverse=True))
    joint = rf"(?:\s+(?:{fillers})(?![a-z])){{0,{_MAX_GAP}}}\s+"
    groups = (
        joint.join(f"(?:{'|'.join(sorted(word, key=lambda form: (-len(form), form)))})" for word in phrase)
        for phrase in forms
    )
    pattern = re.compile("|".join(rf"(?<![a-z'’-])({group})(?![a-z'’-])" for group in groups))
    return _Reader(tuple(map(len, phrases)), pattern, frozenset().union(*(w for p in forms for w in p)))


@dataclass(frozen=True, slots=True)
class ServiceMention:
    """The service a message names and where (in the folded text)."""

    service_id: ServiceId
    span: Span
    size: int  # words of the service's phrase matched: more is more specific


def read_service(
    text: str,
    services: Sequence[Service],
    question_spans: Sequence[Span] = (),
    refused: Refusal = is_refused,
) -> ServiceMention | None:
    """The one service a folded message names, the most specific when several do; None if unsure.

    "control de ortodoncia" names a service called so rather than one called "ortodoncia"; two
    services named with as many words ("limpieza y blanqueamiento") leave it open. A service the
    patient rules out ("no quiero limpieza, mejor blanqueamiento") is not named, unless they ask
    about it in the same breath ("¿no puedo comer antes de la limpieza?"). Other countries' words
    for the clinic's ("frenos" for "brackets") name it too, as do its words misspelt ("limpiesa").
    ``refused`` tells a ruled-out mention in the message's language (Spanish unless said).
    """
    respelt = respell(text, _vocabulary(tuple((s.name, s.synonyms) for s in services)))
    if respelt is None:
        return _read_service(text, services, question_spans, refused)
    asked = [(respelt.respelt_index(start), respelt.respelt_index(end)) for start, end in question_spans]
    found = _read_service(respelt.text, services, asked, refused)
    return _in_message(found, respelt) if found else None


def _in_message(mention: ServiceMention, respelt: Respelling) -> ServiceMention:
    return ServiceMention(mention.service_id, respelt.original_span(mention.span), mention.size)


@lru_cache(maxsize=256)
def _vocabulary(named: tuple[tuple[str, tuple[str, ...]], ...]) -> frozenset[str]:
    """Every word a patient may name any of the clinic's services by: what a typo is respelt into."""
    readers = (_reader(name, synonyms) for name, synonyms in named)
    return frozenset[str]().union(*(reader.words for reader in readers if reader is not None))


def _read_service(
    text: str, services: Sequence[Service], question_spans: Sequence[Span], refused: Refusal
) -> ServiceMention | None:
    best: list[ServiceMention] = []
    message_words = set(WORD.findall(text))
    for service in services:
        reader = _reader(service.name, service.synonyms)
        if reader is None or reader.words.isdisjoint(message_words):
            continue  # the common case: one set operation, no pattern run
        found = _best_mention(text, service.id, reader, question_spans, refused)
        if found is None:
            continue
        if not best or found.size > best[0].size:
            best = [found]
        elif found.size == best[0].size:
            best.append(found)
    return best[0] if len(best) == 1 else None


# A service's words describing a person name the doctor, not the service: "la dentista de los niños",
# "la doctora de niños", "con la de niños", "la dentista infantil", "la doctora que atiende niños".
_PERSON_BEFORE = re.compile(
    r"\b(?:(?:dentistas?|doctora?s?|dra|dr|doc|odontolog[oa]s?|especialistas?)\.?"
    r"(?:\s+(?:de|del|que\s+(?:atiende|atienden|ve|trata)(?:\s+a)?))?"
    r"|(?:la|el)\s+(?:de|del))\s+(?:(?:los|las|la|el)\s+)?$"
)


def _best_mention(
    text: str, service_id: ServiceId, reader: _Reader, question_spans: Sequence[Span], refused: Refusal
) -> ServiceMention | None:
    best: ServiceMention | None = None
    for found in reader.pattern.finditer(text):
        size = reader.sizes[found.lastindex - 1] if found.lastindex else 0
        if best is not None and size <= best.size:
            continue
        if _PERSON_BEFORE.search(text, max(0, found.start() - 24), found.start()):
            continue
        if refused(text, *found.span()) and not _asked_in_clause(text, found.span(), question_spans):
            continue
        best = ServiceMention(service_id, found.span(), size)
    return best


def _asked_in_clause(text: str, span: Span, question_spans: Sequence[Span]) -> bool:
    begin, end = clause_bounds(text, *span)
    return any(begin <= start < end for start, _ in question_spans)


@dataclass(frozen=True, slots=True)
class ServiceTalk:
    """A service a message names and what it asks about one, with where each was read."""

    service: ServiceMention | None = None
    asks: ServiceQuestion | None = None  # the first question asked
    question_spans: tuple[Span, ...] = ()

    @property
    def service_id(self) -> ServiceId | None:
        return self.service.service_id if self.service else None

    @property
    def spans(self) -> tuple[Span, ...]:
        """Everything read here, to blank out before the clinic's FAQ is matched."""
        return (*self.question_spans, *((self.service.span,) if self.service else ()))


NOTHING = ServiceTalk()


def read_service_talk(text: str, services: Sequence[Service]) -> ServiceTalk:
    """The service a folded message names, and its question about one ("¿cuánto sale la limpieza?").

    A clinic that lists no services has nothing to answer them from: nothing is read.
    """
    if not services:
        return NOTHING
    asked = questions(text, ASKED)
    mention = read_service(text, services, [q.span for q in asked])
    if mention is not None:
        asked += questions(text, BESIDE_A_SERVICE)
    if not asked:
        return ServiceTalk(mention)
    asked.sort(key=lambda q: q.span)
    return ServiceTalk(mention, asked[0].asks, tuple(q.span for q in asked))
