"""The English words the reader knows: to tell an English message from a Spanish or Portuguese one,
and which words of a message it has no use for (as ``adapters.offline_nlu.coverage`` does in Spanish).
"""

from __future__ import annotations

from collections.abc import Iterable

from adapters.offline_nlu.english.calendar import MONTH_NAMES, NUMBER_WORDS, ORDINAL_WORDS, WEEKDAY_NAMES
from adapters.offline_nlu.english.people import FORMS
from adapters.offline_nlu.english.spelling import READER_WORDS, SHORTHAND


def _words(text: str) -> list[str]:
    return text.split()


# Folded. Function words, pronouns, the verbs of asking and booking.
_GRAMMAR = """
    a the an and or of to in on at for with by from about into as is are was were be been being am
    i i'm i'd i'll i've me my mine myself we we're our us you you're your yours he she him her his it
    it's its they them their this that these those there here what what's when where which who how
    do does did don't doesn't didn't can can't cannot could couldn't would wouldn't will won't shall
    should have has had having get got getting want wanted need needed needs like would'd let's lets
    just also too very really please so some any anything something else one another other same
    make made book booked booking schedule scheduled appointment appointments appt visit slot slots
    spot spots time times opening openings space room free available availability open
    come coming came see seen go going bring take need possible possibly maybe if then than up
    if until till before after around about earlier later latest earliest soon asap first last
    day days week weeks fortnight month today tomorrow tonight morning afternoon evening night
    weekend next this
    noon midday midnight o'clock half quarter past to am pm a.m p.m minutes hour hours st nd rd th ish
    much long cost costs price take takes name name's called works work suits suit fits person human
    talk speak call check people cancel reschedule move change confirm here
    think quite school class college uni prepone midmorning mid-morning soonest noonish
"""
_COURTESY = """
    hi hello hey hiya good thanks thank thx cheers yes yeah yep yup sure ok okay alright fine great
    perfect awesome cool lovely brilliant no nope nah sorry excuse please pls morning afternoon
    evening dear sir madam hope well doctor dr dentist clinic office mate guys ta brill defo
"""
# Words that bend a day or time ("before 10", "not monday", "except friday"): never taken as read.
_BENDING = frozenset(
    {"before", "after", "until", "till", "between", "except", "not", "no", "nope", "nah", "around", "about"}
    | {"instead", "but", "other", "another", "earlier", "later", "else", "don't", "can't", "cannot", "won't"}
)
_KNOWN = (
    frozenset(
        {
            *_GRAMMAR.split(),
            *_COURTESY.split(),
            *READER_WORDS,
            *SHORTHAND.values(),
            *WEEKDAY_NAMES,
            *MONTH_NAMES,
            *(w for word in NUMBER_WORDS for w in word.split()),
            *(w for word in ORDINAL_WORDS for w in word.split()),
            *(w for form in FORMS for w in form.split()),
        }
    )
    - _BENDING
)

# Words common in Spanish or Portuguese messages too ("a", "no", "me", "do", "son", "once", "so" for
# "só", "ta" for "tá", "jun" and "oct" as both abbreviate), and words every language's chats share
# ("ok", "pm", "doctor", "please"): no sign of English.
_SHARED = frozenset(
    _words("""a no me mi do de la as e o u y ok okay am pm a.m p.m doctor dr dentist son sale real once
    papa mama ma pa nana gran mate hey stop start menu super fine final plan come more ate for
    april may mar sat sun dental general total normal hospital clinic please minutes so
    feb jun jul sep sept oct nov st nd rd th ta""")
)
VOCABULARY: frozenset[str] = frozenset(
    word
    for word in _KNOWN | _BENDING
    if word not in _SHARED and (word == "i" or len(word) > 1) and all(c.isalpha() or c == "'" for c in word)
)


def unread(words: Iterable[str], also_known: frozenset[str] = frozenset()) -> list[str]:
    """The words (folded) neither the reader's vocabulary nor ``also_known`` accounts for; numbers
    ("10", "4:30", "12/3") are the readers' own, and a known word is known with its "'s" ("son's")."""
    return [
        word
        for word in words
        if not {word, word.removesuffix("'s")} & (_KNOWN | also_known)
        and not any(ch.isdigit() for ch in word)
    ]
