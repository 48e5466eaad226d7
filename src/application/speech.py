"""How the bot speaks at one clinic: its words from gettext catalogs, its dates from CLDR.

Every sentence a patient reads is written once, in neutral Spanish addressed with tú, in
``application/texts_es``; that is the catalogs' source (``locales/clinicflow.pot``). A regional
catalog (``locales/es_AR/LC_MESSAGES/clinicflow.po``) holds only what that country says
otherwise: "turno" for "cita", vos for tú, "móvil" for "celular". The usted register has its
own catalogs: ``es@usted`` for every country, and ``es_AR@usted`` where a country's words and
usted meet. A clinic in Argentina that says usted reads, for each message, the first of:
es_AR@usted, es@usted, es_AR, the source.

Dates, times and prices are formatted by Babel in the clinic's locale (CLDR): "4:30 p.m." in
Mexico, "16:30" in Chile, "49,90 €" in Spain. The catalogs are read from their ``.po`` text
when first needed (a few milliseconds, once per locale and register), so there is no compiled
``.mo`` file to build or to forget.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from babel import Locale
from babel.dates import format_date, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from domain.clinic import Clinic
from domain.language import SPEECH_LOCALES, Language
from domain.locale import Register

DOMAIN = "clinicflow"


def catalogs() -> Traversable:
    """The folder of the message catalogs, inside the installed package."""
    return files("application") / "locales"


@dataclass(frozen=True, slots=True)
class Speech:
    """The clinic's words and formats. Called like gettext's ``_``: ``_ = speech(clinic)``."""

    locale: Locale
    register: Register
    translations: NullTranslations

    def __call__(self, message: str) -> str:
        return str(self.translations.gettext(message))

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form for ``count`` ("un día" / "{count} días"), by the locale's plural rule."""
        return str(self.translations.ngettext(singular, plural, count))

    def pgettext(self, context: str, message: str) -> str:
        """A message whose words depend on where it goes (a button's title, a date pattern)."""
        return str(self.translations.pgettext(context, message))

    def date(self, day: date, pattern: str) -> str:
        """``day`` written with a CLDR pattern, in the clinic's locale: month and weekday names."""
        return format_date(day, pattern, locale=self.locale)

    def clock(self, moment: datetime) -> str:
        """A wall-clock time as the locale writes it short: "16:30" in Chile, "4:30 p.m." in Mexico."""
        return format_time(moment, "short", locale=self.locale)


def speech(clinic: Clinic) -> Speech:
    """How ``clinic`` speaks to its patients: in Spanish with its country's words and register,
    or, for a patient it speaks another language with (``Clinic.speaking``), in that language."""
    if clinic.language is Language.SPANISH:
        return speech_for(clinic.locale, clinic.register)
    return speech_for(SPEECH_LOCALES[clinic.language], Register.TU)


@lru_cache(maxsize=64)
def speech_for(locale: str, register: Register) -> Speech:
    """The catalogs for a locale tag ("es-AR") and a register, chained most specific first."""
    babel_locale = Locale.parse(locale, sep="-")
    names = _chain(babel_locale, register)
    translations: NullTranslations = NullTranslations()
    for name in reversed(names):  # each more specific catalog falls back on the ones before it
        compiled = _compiled(name)
        if compiled is not None:
            found = Translations(io.BytesIO(compiled), domain=DOMAIN)
            found.add_fallback(translations)
            translations = found
    return Speech(babel_locale, register, translations)


def _chain(locale: Locale, register: Register) -> list[str]:
    """The catalogs a clinic reads, most specific first: es_AR@usted, es@usted, es_AR, es (the
    source is neutral Spanish, so Spanish has no "es" catalog; English's is "en")."""
    regional = f"{locale.language}_{locale.territory}" if locale.territory else None
    names = []
    if register is Register.USTED:
        names += [f"{regional}@usted"] if regional else []
        names.append(f"{locale.language}@usted")
    names += [regional] if regional else []
    names.append(locale.language)
    return names


@lru_cache(maxsize=64)
def _compiled(name: str) -> bytes | None:
    """One catalog compiled from its .po file (as ``pybabel compile`` would, fuzzy entries left
    out); None when the locale has none, because it says nothing differently."""
    path = catalogs() / name / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return None
    with path.open("rb") as text:
        catalog = read_po(text, locale=name.partition("@")[0], domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    return compiled.getvalue()
