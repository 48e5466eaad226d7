"""The languages a clinic serves its patients in, and the one a conversation is held in.

Spanish is every clinic's first language unless its file says otherwise; a clinic near Brazil or
with tourists adds English ("en") or Brazilian Portuguese ("pt"). A patient's language is
detected from what they write and kept for the conversation (``ChatSession.language``); the
texts they read come from that language's catalogs (``application.speech``).
"""

from __future__ import annotations

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
