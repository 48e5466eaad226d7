"""How long a clinic keeps clinical records when its file does not say: what its country's law asks.

The period is the least each law sets, counted from the last visit (or discharge); a clinic whose
records fall under another rule (a hospital, a longer regional law) says so in its file. A country
not listed here keeps the domain's default, 15 years, the longest common rule of the region.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from domain.privacy import DAYS_PER_YEAR, Retention

_YEARS_BY_COUNTRY: Final = {
    # Chile, Ley 20.584 art. 13: "la ficha clínica deberá conservarse por los prestadores por un
    # período de al menos quince años" (and Decreto 41 de 2012, reglamento sobre fichas clínicas).
    "CL": 15,
    # Mexico, NOM-004-SSA3-2012 (del expediente clínico) 5.4: at least five years from the date of
    # the last medical act.
    "MX": 5,
    # Spain, Ley 41/2002 (autonomía del paciente) art. 17.1: at least five years from the discharge
    # of each care process (regional laws may ask more).
    "ES": 5,
    # Argentina, Ley 26.529 (derechos del paciente) art. 18: at least ten years, the time for
    # professional liability to lapse.
    "AR": 10,
    # Colombia, Resolución 839 de 2017 (amending Resolución 1995 de 1999): fifteen years from the
    # last attention, five in the management archive and ten in the central one.
    "CO": 15,
    # Peru, NTS 139-MINSA/2018/DGAIN (gestión de la historia clínica): twenty years from the last
    # attention, five in the active archive and fifteen in the passive one.
    "PE": 20,
}


def clinical_records_default(country: str | None) -> timedelta:
    """The clinical-records period of a country (ISO 3166 code), else the domain's default."""
    years = _YEARS_BY_COUNTRY.get((country or "").strip().upper())
    return Retention().clinical_records if years is None else timedelta(days=years * DAYS_PER_YEAR)
