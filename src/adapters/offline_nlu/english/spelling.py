"""English texting shorthand and typos of the reader's own words, respelled before any reader runs:
"tmrw", "2moro", "appt", "u", "pls", "wensday", "tomorow", "apointment", "afternon".

Shorthand is a fixed table. Typos are fuzzy: a word of five letters or more one slip (two from
eight letters) from a word of ``READER_WORDS``, keeping the first letter, unless it is a common
English word itself (``NOT_TYPOS``: "monkey" is no "monday"), one of the clinic's names (``keep``)
or may be a person's (a capitalised word inside a sentence, the words after "my name is", "I'm").
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from adapters.offline_nlu.english.calendar import MONTHS, NUMBER_WORDS, ORDINAL_WORDS, WEEKDAYS
from adapters.offline_nlu.english.english_words import DICTIONARY_WORDS
from adapters.offline_nlu.text import FoldedText, rewritten


def _words(text: str) -> list[str]:
    return text.split()


# Shorthand -> the word the readers know. Only what is never an ordinary word in a clinic chat.
SHORTHAND: dict[str, str] = {
    "tmrw": "tomorrow", "tmrow": "tomorrow", "tmr": "tomorrow", "tmw": "tomorrow", "tmro": "tomorrow",
    "tmoro": "tomorrow", "tomoz": "tomorrow", "2moro": "tomorrow", "2morrow": "tomorrow", "2mrw": "tomorrow",
    "2mro": "tomorrow", "2day": "today", "tdy": "today", "2nite": "tonight", "2night": "tonight",
    "tonite": "tonight", "appt": "appointment", "appts": "appointments", "apt": "appointment",
    "apmt": "appointment", "appointmnt": "appointment", "u": "you", "ur": "your", "r": "are", "pls": "please",
    "plz": "please", "plse": "please", "thx": "thanks", "thnx": "thanks", "thanx": "thanks", "tx": "thanks",
    "ty": "thanks", "tysm": "thanks", "tyvm": "thanks", "wk": "week", "wks": "weeks", "wk's": "weeks",
    "mth": "month", "mnth": "month", "mths": "months", "mnths": "months", "nxt": "next", "mins": "minutes",
    "hr": "hour", "hrs": "hours", "b4": "before", "l8r": "later", "pm'd": "pm", "coz": "because",
    "cuz": "because", "bc": "because", "w/": "with", "abt": "about", "hw": "how", "wht": "what",
    "wat": "what", "avail": "available", "avo": "afternoon", "morra": "tomorrow",
    "im": "i'm", "cant": "can't", "wont": "won't", "dont": "don't", "doesnt": "doesn't", "didnt": "didn't",
    "isnt": "isn't", "id": "i'd", "ive": "i've", "thats": "that's", "whats": "what's",
    "wanna": "want to", "gonna": "going to", "gotta": "have to", "k": "ok", "kk": "ok", "okk": "ok",
    "oki": "okay", "okie": "okay", "yea": "yeah", "ye": "yes", "yh": "yeah", "yus": "yes",
    "tues": "tuesday", "weds": "wednesday", "thurs": "thursday", "thur": "thursday", "thu": "thursday",
    "mon": "monday", "tue": "tuesday", "fri": "friday", "arvo": "afternoon", "nite": "night",
    "mornin": "morning", "morn": "morning", "aftn": "afternoon", "eve": "evening", "asap": "asap",
    "cx": "cancel", "cxl": "cancel", "canx": "cancel", "resched": "reschedule", "w/e": "weekend",
    "wkend": "weekend", "wknd": "weekend", "chk": "check", "chkup": "checkup", "dentis": "dentist",
    "wensday": "wednesday", "wendsday": "wednesday", "wednsday": "wednesday", "wedsday": "wednesday",
    "wenesday": "wednesday", "thrusday": "thursday", "thursady": "thursday", "tomrw": "tomorrow",
    "saterday": "saturday", "satuday": "saturday", "febuary": "february", "feburary": "february",
}  # fmt: skip
# Sound-alike slips for a relative, only right after "my" or "our": "my sun" is no star in a clinic chat.
AFTER_MY: dict[str, str] = {"sun": "son", "suns": "sons", "sun's": "son's", "doughter": "daughter"}
_POSSESSIVE_BEFORE = re.compile(r"\b(?:my|our)\s+(?:(?:little|youngest|oldest|eldest|older|younger)\s+)?$")
# Left out: "ill" (sick, not "I'll"), "ya" ("see ya"). "id" (an ID card) is rarer than "I'd".

READER_WORDS = frozenset(
    {
        *WEEKDAYS,
        *MONTHS,
        *(word for word in NUMBER_WORDS if " " not in word and "-" not in word and len(word) >= 5),
        *(word for word in ORDINAL_WORDS if " " not in word and "-" not in word),
        *_words("""tomorrow today tonight morning afternoon evening weekend week next appointment appointments
        available availability schedule reschedule cancel cancellation booking please thanks thank
        cleaning whitening checkup dentist orthodontist braces extraction emergency toothache
        quarter half midday noon o'clock minutes hours earlier later after before lunch
        hello sounds perfect great confirm confirmed change move daughter husband grandma grandpa
        mother father brother sister someone tuesday tooth address swollen"""),
    }
)
# Common words one slip from a reader's word: never respelled.
NOT_TYPOS = (
    frozenset(
        _words("""monkey money mindy sunday sundae sundays month months mother others other moved movie
    weak week
    mourning morningstar after alter later latter dater hater water never fever seven eleven eleventh
    sounds pounds wounds rounds grounds great treat greet cancer change chance charge challenge
    please pleased lease tease cheese thanks ranks banks tanks marks march match marsh match ranch
    april august maybe mayor mays junes julie julia june
    booking looking cooking hooking schedule scheduled reschedule braces traces graces places races
    cleaning clearing leaning meaning weaning whitening whitewing brightening frightening
    twenty plenty twelve thirty thirsty forty fifty fifth fifths sixth sixty
    quarter quarters halves shalf dentist dentists dental mental rental
    hours hour ours yours tours sours tonight tonights tonight's
    father feather rather gather lather farther brother bother broth sister sitter mister
    monday mondays tuesday tuesdays wednesday wednesdays thursday thursdays friday fridays
    saturday saturdays
    orthodontist emergency emergent extraction extractions attraction distraction traction
    available valuable confirm conform confirmed conformed
    noon moon soon neon noun morning mornings evening evenings even eventing opening
    minutes minute hours earlier early earliest
    someone something sometime somewhere
    """)
    )
    | DICTIONARY_WORDS
)
_SHORTEST = 5
_LONG_WORD = 8
_LETTERS = re.compile(r"[a-z0-9]+(?:['/.][a-z]+)*|w/e?|b4|l8r|2moro|2morrow|2mrw|2mro|2day|2nite|2night")
_NAME_CUES = re.compile(r"\b(?:name\s+is|name'?s|i'?m|im|i\s+am|this\s+is|called|named)\s*$")
_NAME_WORDS_AFTER_CUE = 3
_SENTENCE_END = frozenset(".!?\n")
_READER_WORDS = tuple(sorted(READER_WORDS))


@lru_cache(maxsize=8192)
def closest_word(word: str) -> str | None:
    """The one reader's word a folded word is a typo of; None if none or two are as close."""
    if word in READER_WORDS or word in NOT_TYPOS or len(word) < _SHORTEST or not word.isalpha():
        return None
    slips = 2 if len(word) >= _LONG_WORD else 1
    found = process.extract(word, _READER_WORDS, scorer=OSA.distance, score_cutoff=slips, limit=3)
    near = [(candidate, distance) for candidate, distance, _ in found if candidate[0] == word[0]]
    if not near or (len(near) > 1 and near[0][1] == near[1][1]):
        return None
    return near[0][0]


def respell(folded: FoldedText, keep: frozenset[str] = frozenset()) -> FoldedText:
    """``folded`` with shorthand and typos respelled; every index still maps to what was typed."""
    text = folded.text
    shouting = not any(char.islower() for char in folded.original)
    changes: list[tuple[int, int, str]] = []
    name_words_left = 0
    previous_end = 0
    for found in _LETTERS.finditer(text):
        start, end = found.span()
        word = found[0]
        if text[previous_end:start].strip():
            name_words_left = 0
        previous_end = end
        maybe_name = name_words_left > 0
        if maybe_name:
            name_words_left -= 1
        elif _NAME_CUES.search(text, 0, start):
            name_words_left, maybe_name = _NAME_WORDS_AFTER_CUE - 1, True
        if word in keep or (maybe_name and folded.is_capitalised_at(start)):
            continue  # "I'm Ty" keeps its name
        better = SHORTHAND.get(word)
        if better is None and _POSSESSIVE_BEFORE.search(text, 0, start):
            better = AFTER_MY.get(word)
        if better is None and not maybe_name and (shouting or not _may_be_name(folded, start)):
            better = closest_word(word)
        if better is not None and better != word:
            changes.append((start, end, better))
    return rewritten(folded, changes)


def _may_be_name(folded: FoldedText, start: int) -> bool:
    if not folded.is_capitalised_at(start):
        return False
    before = folded.text[:start].rstrip()
    return bool(before) and before[-1] not in _SENTENCE_END
