"""Which locale a clinic speaks when its file does not say: its country's Spanish, from CLDR.

A clinic file may name its ``locale`` ("es-MX"); else its ``country`` ("MX") gives "es-MX"; else
its time zone does, through CLDR's table of the zones of each country (Babel's copy), so a
clinic in "America/Mexico_City" speaks Mexican Spanish without saying so. A country CLDR has
no Spanish for ("DE") gets neutral Spanish ("es").
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from babel import localedata
from babel.core import get_global

from domain.errors import InvalidClinic
from domain.locale import NEUTRAL, locale_tag

LANGUAGES = frozenset({"es"})  # the languages the message catalogs serve


def clinic_locale(locale: str | None, country: str | None, zone: ZoneInfo) -> str:
    """The clinic's locale tag: the one written, else its country's or its zone's Spanish."""
    if locale is not None:
        return _known(locale_tag(locale))
    if country is None:
        country = _zone_country(zone)
    elif len(country.strip()) != 2 or not country.strip().isalpha():
        raise InvalidClinic(f'{country!r} is not a two-letter country code like "MX"')
    if country is None:
        return NEUTRAL
    tag = f"{NEUTRAL}-{country.strip().upper()}"
    return tag if localedata.exists(tag.replace("-", "_")) else NEUTRAL


def _known(tag: str) -> str:
    language = tag.partition("-")[0]
    if language not in LANGUAGES:
        raise InvalidClinic(f"{tag!r}: the bot speaks {', '.join(sorted(LANGUAGES))} only")
    if not localedata.exists(tag.replace("-", "_")):
        raise InvalidClinic(f'{tag!r} is no locale CLDR knows; try one like "es-MX"')
    return tag


def _zone_country(zone: ZoneInfo) -> str | None:
    """'MX' for America/Mexico_City; old names too (America/Buenos_Aires); None for UTC."""
    key = str(get_global("zone_aliases").get(zone.key, zone.key))
    country = get_global("zone_territories").get(key)
    return str(country) if country else None
