"""The languages a clinic serves its patients in, and the one a conversation is held in.

Spanish is every clinic's first language unless its file says otherwise; a clinic near Brazil or
with tourists adds English ("en") or Brazilian Portuguese ("pt"). A patient's language is
detected from what they write and kept for the conversation (``ChatSession.language``); the
texts they read come from that language's catalogs (``application.speech``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.errors import InvalidClinic


class Language(StrEnum):
    """A language the bot can hold a conversation in (ISO 639-1)."""

    SPANISH = "es"
    ENGLISH = "en"
    PORTUGUESE = "pt"  # as Brazil writes it: its catalog is pt_BR


SPANISH_ONLY = (Language.SPANISH,)

# The locale whose catalog and CLDR formats a language other than Spanish is spoken with; Spanish
# is spoken in the clinic's own locale ("es-MX"), with its country's words and register.
SPEECH_LOCALES = {Language.ENGLISH: "en", Language.PORTUGUESE: "pt-BR"}


def language_of(code: str) -> Language:
    """'en' from 'en', 'EN' or 'en-US'; InvalidClinic for a language the bot does not speak."""
    language = code.strip().replace("_", "-").partition("-")[0].lower()
    try:
        return Language(language)
    except ValueError:
        spoken = ", ".join(f'"{known}"' for known in Language)
        raise InvalidClinic(f"{code!r} is not a language the bot speaks ({spoken})") from None


def served(languages: tuple[Language, ...]) -> tuple[Language, ...]:
    """A clinic's list of languages, checked: at least one, none twice. The first is the one a
    patient is answered in until what they write says otherwise."""
    if not languages:
        raise InvalidClinic("a clinic serves at least one language")
    if len(set(languages)) != len(languages):
        raise InvalidClinic("a language is listed twice")
    return languages


@dataclass(frozen=True, slots=True)
class LanguageHeard:
    """What one message says of its language: the one asked for by name ("in English please"),
    else the one its words point to and by how much (distinctive words counted per language)."""

    asked: Language | None = None
    scores: tuple[tuple[Language, int], ...] = ()

    def leader(self, served: tuple[Language, ...]) -> tuple[Language | None, int, int]:
        """The served language with most words, its count and its lead over the next served one."""
        counts = sorted(((n, lang) for lang, n in self.scores if lang in served), reverse=True)
        if not counts or counts[0][0] == 0:
            return None, 0, 0
        runner_up = counts[1][0] if len(counts) > 1 else 0
        return counts[0][1], counts[0][0], counts[0][0] - runner_up


# A conversation changes language only on a message clearly in another: this many distinctive
# words, and this many more than the language it is in. "ok", "Ana López" or "10:30" change nothing.
SWITCH_WORDS = 2


def conversation_language(
    current: Language | None, heard: LanguageHeard, served: tuple[Language, ...]
) -> Language | None:
    """The language to answer in after a message: the one asked for when the clinic serves it;
    else, for a conversation with none yet, the one the message's words point to; else the
    current one, unless the message is clearly in another served language. None: still unknown
    (the clinic's first is spoken meanwhile)."""
    if heard.asked is not None and heard.asked in served:
        return heard.asked
    language, count, lead = heard.leader(served)
    if language is None or language == current:
        return current
    if current is None:
        return language if lead >= 1 else None
    return language if count >= SWITCH_WORDS and lead >= SWITCH_WORDS else current
