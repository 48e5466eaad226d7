"""Which of the clinic's doctors and FAQ entries a message refers to, by their own words."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from adapters.offline_nlu.text import WORD, fold
from domain.clinic import Doctor, FaqEntry
from domain.ids import DoctorId

TITLES = frozenset({"dr", "dra", "doc", "doctor", "doctora", "dres", "sr", "sra", "srta", "lic", "prof"})
_NAME_PARTICLES = frozenset({"del", "los", "las", "san"})
# Words of a specialty too common to point at one doctor ("en general, ¿cuánto cuesta?").
_GENERIC = frozenset({"general", "integral", "adulto", "adultos", "especialista", "clinica", "medicina"})
# A parent booking for a child means the children's specialty, whatever its exact name, as does
# a children's dentist said in words ("la dentista infantil", "el dentista pediátrico").
_CHILD_WORDS = frozenset(
    {"hijo", "hija", "hijos", "hijas", "nino", "nina", "ninos", "ninas", "guagua", "bebe"}
    | {"infantil", "infantiles", "pediatrico", "pediatrica"}
)
# Braces in any country's word mean the orthodontist: "con el de los brackets", "la doctora de los frenos".
_BRACES_WORDS = frozenset(
    {"brackets", "bracket", "braquets", "brakets", "frenos", "frenillos", "aparatos", "fierros"}
)
# Words that point at a specialty without naming it, and the specialty's stem they stand for.
_SPECIALTY_HINTS = ((_CHILD_WORDS, "pediatria"), (_BRACES_WORDS, "ortodoncia"))
_MIN_STEM = 5
_FUZZY_STEM = 7  # a stem this long is no other word a letter away


def words(text: str) -> list[str]:
    """The words of a folded text, in order."""
    return WORD.findall(text)


def fold_words(text: str) -> list[str]:
    """The words of configuration text (a doctor's name, a keyword), folded like messages."""
    return words(fold(text).text)


def doctor_name_words(doctor: Doctor) -> frozenset[str]:
    """The words a patient may call a doctor by: "Dra. Camila Pérez" -> {"camila", "perez"}."""
    return _name_words(doctor.name)


@lru_cache(maxsize=4096)
def _name_words(name: str) -> frozenset[str]:
    # Folding is the costly part, and every message of every turn asks again for the same names.
    return frozenset(
        word
        for word in fold_words(name)
        if len(word) >= 3 and word not in TITLES and word not in _NAME_PARTICLES
    )


def match_doctor(message_words: Sequence[str], doctors: Sequence[Doctor]) -> DoctorId | None:
    """The one doctor the words name, else the one whose specialty they name; None if unsure."""
    said = set(message_words)
    by_name = [(len(doctor_name_words(d) & said), d) for d in doctors]
    best = max(score for score, _ in by_name)
    if best > 0:
        named = [d for score, d in by_name if score == best]
        return named[0].id if len(named) == 1 else None
    by_specialty = _by_specialty(said, doctors)
    return by_specialty[0].id if len(by_specialty) == 1 else None


def could_be_patient_name(said_words: Sequence[str], doctors: Sequence[Doctor]) -> bool:
    """Whether a bare reply may be the patient's name rather than a doctor or a specialty.

    "Pérez" or "Camila Pérez" name the doctor; "Camila" or "Ana Pérez" are left to the
    patient, since a first name alone is far more often their own (Camila, Valentina are common).
    """
    said = set(said_words)
    if _by_specialty(said, doctors):
        return False
    for doctor in doctors:
        named = doctor_name_words(doctor)
        surnames = named - {_given_name(doctor)}
        if said <= named and said & surnames:
            return False
    return True


def _given_name(doctor: Doctor) -> str:
    return next((w for w in fold_words(doctor.name) if w not in TITLES), "")


def _by_specialty(said: set[str], doctors: Sequence[Doctor]) -> list[Doctor]:
    said = said | {specialty for hints, specialty in _SPECIALTY_HINTS if said & hints}
    long_words = [w for w in said if len(w) >= _MIN_STEM]
    return [d for d in doctors if _names_specialty(long_words, d.specialty)]


def _names_specialty(message_words: Sequence[str], specialty: str) -> bool:
    terms = [w for w in fold_words(specialty) if len(w) >= _MIN_STEM and w not in _GENERIC]
    return any(
        _stem(said) in term or _stem(term) in said or _misspells(said, _stem(term))
        for said in message_words
        for term in terms
    )


def _misspells(said: str, stem: str) -> bool:
    """Whether a word begins with a long specialty stem but for one letter: "ortodonsista" for
    "ortodonc-". Only specialty words are respelt, never a doctor's name."""
    if len(stem) < _FUZZY_STEM or len(said) < len(stem) or said[0] != stem[0]:
        return False
    return Levenshtein.distance(said[: len(stem)], stem, score_cutoff=1) <= 1


def _stem(word: str) -> str:
    """Drop the final vowels so "pediatra" meets "odontopediatría" and "ortodoncia" "ortodoncista"."""
    stem = word.rstrip("aeiou")
    return stem if len(stem) >= _MIN_STEM else word


def match_faq(message_words: Sequence[str], faq: Sequence[FaqEntry]) -> int | None:
    """Index of the FAQ entry with most keywords in the message (the first on ties); None if none."""
    best_index, best_hits = None, 0
    for index, entry in enumerate(faq):
        hits = sum(1 for keyword in entry.keywords if _has_keyword(message_words, fold_words(keyword)))
        if hits > best_hits:
            best_index, best_hits = index, hits
    return best_index


def _has_keyword(message_words: Sequence[str], keyword: Sequence[str]) -> bool:
    """Whole words, except that the last may be a prefix either way ("precio"/"precios", "ubicado")."""
    if not keyword:
        return False
    *head, last = keyword
    size = len(keyword)
    for start in range(len(message_words) - size + 1):
        window = message_words[start : start + size]
        if list(window[:-1]) == head and _prefix_match(window[-1], last):
            return True
    return False


def _prefix_match(said: str, keyword: str) -> bool:
    """A word and its plural or a short ending either way ("precio"/"precios", "ubicado"/"ubicados"),
    never a shorter word inside a longer one: "hora" is not "horario", nor "está" "estacionamiento"."""
    if said == keyword or said.startswith(keyword):
        return True
    return len(said) >= 4 and keyword.startswith(said) and len(keyword) - len(said) <= 2
