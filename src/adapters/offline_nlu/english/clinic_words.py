"""English words for what a clinic lists in Spanish, so one clinic file serves both languages.

A clinic names its services and specialties in its own words ("Limpieza dental", "Ortodoncia").
An English-speaking patient asks for "a cleaning", "braces", "the orthodontist". Before the
clinic's names are matched, these English phrases are rewritten into the words the clinic's
Spanish names and synonyms use; doctors' own names need nothing ("dr. perez").
"""

from __future__ import annotations

import re

from adapters.offline_nlu.text import FoldedText, rewritten

# English phrase (folded, a regex) -> the Spanish words of a clinic's services or specialties.
# Longest and most specific first: "braces adjustment" before "braces".
_TERMS: tuple[tuple[str, str], ...] = (
    # Children's dentist: the specialist (a doctor), not the service, as the Spanish file keeps it.
    (r"(?:kids'?|children'?s|childrens|child|pediatric|paediatric|kid'?s)\s+dentist", "odontopediatra"),
    (r"p(?:a)?ediatric\s+dentistry|pedodontist|p(?:a)?edo\s+dentist", "odontopediatra"),
    (r"(?:dentist|doctor|dr)\s+for\s+(?:the\s+)?(?:kids|children|my\s+kids|kid|child)", "odontopediatra"),
    (r"orthodontists?|ortho\s+(?:doc|doctor|dentist)|braces\s+(?:doctor|dentist|guy|lady)", "ortodoncista"),
    (r"orthodontics?|orthodontia", "ortodoncia"),
    (
        r"(?:braces|brace)\s+(?:adjustment|adjusted|tightening|tightened|check|check-?up|follow[\s-]?up|review)"
        r"|(?:adjust|tighten|check)\s+(?:my\s+|the\s+)?braces|(?:brackets?|braces?)\s+(?:came|fell|come|fall|falling|coming)\s+(?:off|out|loose)"
        r"|(?:loose|broken)\s+(?:bracket|brace)",
        "control de brackets",
    ),
    (
        r"(?:get|put\s+on|getting|fit|fitting|install)\s+braces|braces\s+(?:fitting|installation|fitted)"
        r"|(?:get|getting|have|having)\s+(?:my\s+|his\s+|her\s+|some\s+)?braces\s+(?:on|put\s+on|fitted)"
        r"|braces\s+put\s+on",
        "poner brackets",
    ),
    (r"braces|brace", "brackets"),
    (
        r"teeth\s+cleaning|dental\s+cleaning|cleaning|cleanings|clean\s+my\s+teeth|clean-?up"
        r"|(?:scale|clean)\s*(?:and|&|\+|n'?)\s*(?:polish|clean)|deep\s+clean|(?:teeth|tooth)\s+cleaned"
        r"|hygienist|hygiene\s+(?:visit|appointment|appt)",
        "limpieza",
    ),
    (
        r"teeth\s+whitening|tooth\s+whitening|whitening|whiten(?:ing)?\s+my\s+teeth|whiten\s+(?:my\s+)?teeth|bleaching"
        r"|(?:teeth|tooth)\s+whitened|whiter\s+teeth|bleach\s+my\s+teeth",
        "blanqueamiento",
    ),
    (
        r"check[\s-]?ups?|dental\s+exam|exam|examination|evaluation|assessment|routine\s+visit|dental\s+check"
        r"|check\s+(?:on\s+)?(?:my|his|her|their|the)\s+teeth|teeth\s+checked",
        "chequeo",
    ),
    (r"wisdom\s+tooth|wisdom\s+teeth", "muela del juicio"),
    (
        r"(?:pull|take\s+out|remove|extract)\s+(?:a\s+|my\s+|the\s+|his\s+|her\s+)?(?:tooth|teeth|molar)"
        r"|(?:tooth|teeth|molar)\s+(?:extraction|removal|pulled|out|removed|extracted|taken\s+out)|extraction|extractions",
        "extraccion",
    ),
    (
        r"tooth\s?ache|tooth\s?ach(?:ing)?|toothache|(?:tooth|teeth|molar)\s+(?:hurts?|pain|is\s+killing\s+me)"
        r"|(?:i'?m|am|is|are|he'?s|she'?s|they'?re|been)\s+in\s+(?:(?:a\s+lot\s+of|so\s+much|terrible|severe|real|bad"
        r"|agony|some|constant)\s+)?(?:pain|agony)"
        r"|(?:severe|terrible|bad|awful|sharp|throbbing|unbearable)\s+(?:tooth\s+)?pain"
        r"|(?:tooth|teeth|molar)\s+(?:is|are)\s+(?:aching|throbbing|killing\s+me|really\s+sore|so\s+sore|painful)",
        "dolor de muela",
    ),
    (
        r"broken\s+tooth|chipped\s+tooth|cracked\s+tooth"
        r"|(?:broke|broken|chipped|cracked|knocked\s+out|lost)\s+(?:a|my|his|her|their|the)\s+"
        r"(?:(?:front|back|bottom|top|baby|adult)\s+)?(?:tooth|teeth|filling|crown)"
        r"|knocked\s+(?:a|my|his|her|the)\s+(?:(?:front|baby)\s+)?tooth\s+out"
        r"|(?:filling|crown|cap)\s+(?:fell|came|has\s+come|come|has\s+fallen|is)\s+(?:out|off|loose)|abscess(?:ed)?",
        "diente roto",
    ),
    (
        r"swollen\s+(?:face|cheek|cheeks|gum|gums|jaw)|swelling|swelled\s+up"
        r"|(?:face|cheek|cheeks|gum|gums|jaw|mouth|lip|tooth|teeth)(?:'s|\s+(?:is|are|got|has\s+gotten|has\s+got|looks))\s+"
        r"(?:(?:all|really|so|very|a\s+bit|kinda|quite)\s+)?(?:swollen|swolen|puffy|puffed\s+up)",
        "hinchazon",
    ),
    (r"emergency|emergencies|urgent\s+care", "emergencia"),
    (r"root\s+canal|endodontics?", "endodoncia"),
    (r"general\s+dentist(?:ry)?|family\s+dentist", "odontologia general"),
)
_PATTERN = re.compile(
    "|".join(rf"(?<![a-z'-])(?P<t{i}>{phrase})(?![a-z'-])" for i, (phrase, _) in enumerate(_TERMS))
)

# The clinic's words the phrases above become: words the reader knows once it has put them there.
CLINIC_WORDS = frozenset(word for _, spanish in _TERMS for word in spanish.split())

# Words for a child or braces that point at a specialty ("for my son": the children's dentist), as the
# Spanish reader's ``clinic_terms`` reads "hijo" and "frenos": only for matching doctors.
DOCTOR_HINTS: dict[str, str] = {
    "son": "hijo", "daughter": "hija", "kids": "ninos", "kid": "nino", "children": "ninos", "child": "nino",
    "baby": "bebe", "toddler": "bebe", "boy": "nino", "girl": "nina", "sons": "hijos", "daughters": "hijas",
    "pediatric": "pediatrico", "paediatric": "pediatrico",
}  # fmt: skip


def in_clinic_words(folded: FoldedText) -> FoldedText:
    """``folded`` with English service and specialty phrases in the clinic's Spanish words, every
    index still mapped to what the patient typed ("a cleaning" -> "a limpieza")."""
    text = folded.text
    changes = [
        (*found.span(), _TERMS[int((found.lastgroup or "t0")[1:])][1]) for found in _PATTERN.finditer(text)
    ]
    return rewritten(folded, changes)
