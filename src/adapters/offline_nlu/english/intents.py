"""What an English message wants done, in words; ``adapters.offline_nlu.intents.decide_intent`` weighs them.

The weighing (opting out first, moving before cancelling, a FAQ over booking words...) is the
Spanish reader's, unchanged: only the words are English here.
"""

from __future__ import annotations

import re

from adapters.offline_nlu.english.answers import AFFIRM, DENY, GREET, PRAISE, THANKS
from adapters.offline_nlu.english.negation import clause_bounds
from adapters.offline_nlu.intents import IntentWords
from adapters.offline_nlu.text import Span

# An appointment as people text it: "appointment", "appt", "apt", "booking", "visit", "slot".
APPOINTMENT = (
    r"(?:appointment|appointments|appt|appts|apt|apts|appoint|booking|bookings|reservation|visit|session)"
)
_THE = r"(?:(?:my|the|our|this|that|his|her|their|an|a|me|an?\s+)\s*)"
_MESSAGES = r"(?:messages?|texts?|reminders?|notifications?|msgs?|whatsapps?|spam|promotions?|marketing)"
_COURTESY = r"(?:\W+(?:please|pls|plz|thanks|thank\s+you|now))*"
_OPT_OUT_WORD = re.compile(rf"^\W*(?:stop|unsubscribe|stop\s+all|opt\s+out|optout){_COURTESY}\W*$")
_OPT_IN_WORD = re.compile(rf"^\W*(?:start|unstop|subscribe|opt\s+in|resume){_COURTESY}\W*$")
_OPT_OUT = re.compile(
    rf"\bunsubscribe\b|\bopt(?:\s+me)?\s+out\b|\bstop\s+(?:sending|texting|messaging|contacting|emailing)\b"
    rf"|\b(?:don'?t|do\s+not|never)\s+(?:send|text|message|contact|msg)\s+me\b"
    rf"|\bno\s+more\s+{_MESSAGES}|\bremove\s+(?:me|my\s+number)\s+from\b|\btake\s+me\s+off\b"
    rf"|\bi\s+(?:don'?t|do\s+not)\s+want\s+(?:any\s+more\s+|anymore\s+|to\s+receive\s+|these\s+)?{_MESSAGES}"
)
_OPT_IN = re.compile(rf"\b(?:start|resume)\s+(?:sending|receiving)\b|\bsend\s+me\s+{_MESSAGES}\s+again\b")
_RESET = re.compile(
    r"\bstart\s+(?:over|again|from\s+scratch|from\s+the\s+beginning)\b|\bbegin\s+again\b|\brestart\b"
    r"|\breset\b|\bgo\s+back\s+to\s+(?:the\s+)?(?:start|beginning|menu)\b|^\W*(?:main\s+)?menu\W*$"
)
_STAFF = (
    r"(?:person|human|someone|somebody|receptionist|reception|staff|agent|operator|representative|manager"
    r"|the\s+front\s+desk|front\s+desk|real\s+person)"
)
_HANDOFF = re.compile(
    rf"\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+|an\s+|the\s+|your\s+|some\s+)?{_STAFF}"
    r"|\breal\s+person\b|\bhuman\b|\b(?:can|could)\s+(?:someone|somebody|you)\s+(?:call|ring|phone)\s+me\b"
    r"|\b(?:call|ring|phone)\s+me\b(?=\W*$|\s*[,.!?]|\s+(?:back|please|asap|now|at|on|when|later|today|tomorrow|pls|plz))|\b(?:are\s+you|is\s+this)\s+a\s+(?:bot|robot)\b"
    rf"|^\W*(?:a\s+|the\s+)?(?:human|agent|operator|receptionist|reception|representative)\W*(?:please|pls)?\W*$"
)
_MOVE = r"(?:move|moving|moved|change|changing|switch|swap|shift|push|bring)"
RESCHEDULE = re.compile(
    r"\bre-?\s?schedul[a-z]*\b|\bre-?book[a-z]*\b|\bpostpone[a-z]*\b|\bprepone[a-z]*\b|\bre-?arrang[a-z]*\b"
    rf"|\b{_MOVE}\s+{_THE}?(?:(?:[a-z]+day|today|tomorrow)(?:'s)?\s+|\d{{1,2}}(?::\d{{2}})?\s*(?:[ap]\.?m\.?\s*)?)?"
    rf"{APPOINTMENT}\b"
    rf"|\b{_MOVE}\s+(?:it|that|this|them)\s+(?:to|for|back|forward|up|later|earlier|till|until|from)\b"
    r"|\b(?:change|switch|swap)\s+(?:the\s+|my\s+)?(?:day|date|time)\b"
    r"|\bpush\s+(?:it\s+)?back\b|\bmove\s+(?:it\s+)?(?:up|forward)\b"
    rf"|\b(?:another|a\s+different|new|other)\s+(?:day|date|time)\s+for\s+{_THE}?{APPOINTMENT}"
)
NEGATED_BEFORE = re.compile(
    r"\b(?:don'?t|do\s+not|no\s+need\s+to|won'?t|not)\s+(?:want\s+to\s+|need\s+to\s+)?$"
)
BOOKED = re.compile(
    rf"\b(?:my|our|his|her|their)\s+(?:current\s+|existing\s+|upcoming\s+|next\s+)?{APPOINTMENT}\b"
    rf"|\b{APPOINTMENT}\s+(?:i|we)\s+(?:have|had|already|booked|made)\b|\balready\s+(?:have|booked)\b"
)
MY_APPOINTMENTS = re.compile(
    rf"\b(?:when|what\s+time|what\s+day|which\s+day)(?:\s+is|\s+was|\s+s|'s|s)\s+(?:my|our)\s+(?:next\s+)?{APPOINTMENT}"
    rf"|\b(?:do|did)\s+(?:i|we)\s+(?:have|got)\s+(?:an?\s+|any\s+)?{APPOINTMENT}\b(?!\s+(?:free|available))"
    rf"|\b(?:check|confirm|see|show)\s+(?:me\s+)?(?:my|our)\s+(?:upcoming\s+)?{APPOINTMENT}"
    r"|\bwhen\s+am\s+i\s+(?:booked|coming|due|scheduled)\b"
    r"|\b(?:do|did)\s+(?:i|we)\s+(?:have|got)\s+(?:anything|something)\s+(?:booked|scheduled|coming\s+up)\b"
    r"|\bam\s+i\s+(?:booked|scheduled)\s+(?:in|for)\b"
    r"|\bwhat\s+(?:have\s+i\s+got|do\s+i\s+have)\s+(?:booked|scheduled|coming\s+up)\b"
    rf"|\b(?:when|what\s+time|what\s+day)\s+(?:my|our)\s+(?:next\s+)?{APPOINTMENT}\s+(?:is|was)\b"
    rf"|\bremind\s+me\s+(?:of\s+|about\s+|when\s+|what\s+time\s+)?(?:is\s+)?(?:my|our)\s+{APPOINTMENT}"
)
CANCEL = re.compile(
    r"(?<!don't )(?<!dont )(?<!not )\bcancel+(?:l?ed|l?ing|ation|s)?\b"
    r"|\bcall\s+(?:it|that|the\s+appointment|my\s+appointment)\s+off\b"
    rf"|\b(?:delete|drop|scrap)\s+{_THE}?{APPOINTMENT}\b"
    rf"|\b(?:can'?t|cannot|cant|won'?t|wont|will\s+not|unable\s+to|not\s+able\s+to)\s+"
    rf"(?:make|come\s+to|go\s+to|attend|keep)\s+{_THE}?{APPOINTMENT}"
)
CANT_GO = re.compile(
    r"\b(?:can'?t|cannot|cant|won'?t|wont|will\s+not|not\s+gonna|not\s+going\s+to|unable\s+to|not\s+able\s+to)"
    r"\s+(?:be\s+able\s+to\s+)?(?:make\s+it|come|come\s+in|attend|be\s+there|go)\b"
)
_WANT = (
    r"(?:want|wanna|wanted|need|needs|needed|would\s+like|'d\s+like|d\s+like|like|looking\s+for|look\s+for"
    r"|hoping\s+for|trying\s+to\s+get|get|book|make|schedule|set\s+up|arrange|request|grab|take)"
)
_ASKED_FOR = (
    rf"(?:{APPOINTMENT}|slot|spot|time\s+slot|checkup|check-?up|cleaning|consultation|consult|opening"
    r"|evaluation|exam|examination|filling|crown|x-?ray|root\s+canal)"
)
BOOK_REQUEST = re.compile(
    rf"\bbook(?:ing)?\b(?!\s+(?:it|that|this)\b)|\bschedul(?:e|ing)\s+(?:an?|me|my|for|in)\b"
    rf"|\b{_WANT}\s+(?:(?:an?|another|the|one|my|a\s+new|new|some|1)\s+)?(?:dental\s+)?{_ASKED_FOR}s?\b"
    r"|\b(?:do|would|will)\s+(?:you|u|ya)\s+(?:guys\s+)?(?:have|has|got)\s+(?:any(?:thing)?|something|some|an?\s+"
    r"(?:opening|slot|spot|space|appointment|appt|time)|availability|openings|room|space|time)\b"
    r"|\b(?:any|anything)\s+(?:availability|openings?|slots?|spots?|space|free|available|open|left)\b"
    r"|\bavailability\b|\b(?:are|r)\s+(?:you|u)\s+(?:available|free)\b"
    r"|\b(?:can|could|may)\s+(?:i|we|my\s+[a-z]+)\s+(?:come\s+in|come|pop\s+in|get\s+in|be\s+seen|see\s+(?:the|a|dr|doctor)|get\s+an?|book|have\s+an?)\b"
    r"|\b(?:fit|squeeze|get|put|pencil)\s+(?:me|us|him|her|them)\s+in\b|\bsign\s+me\s+up\b"
    r"|\b(?:see|visit|go\s+to)\s+(?:the|a)\s+dentist\b|\b(?:i\s+need|need)\s+to\s+(?:see|come|get\s+in)\b"
    r"|\bwhen\s+(?:can|could)\s+(?:i|we)\s+(?:come|get|be\s+seen)\b|\bwhen\s+(?:are\s+you|r\s+u)\s+free\b"
)
BOOK_WORD = re.compile(
    rf"\b{APPOINTMENT}s?\b|\bdentist\b|\bavailable\b|\bfree\s+(?:slot|spot|time)s?\b"
    r"|\b(?:earliest|soonest)\b|\b(?:first|next)\s+available\b"
    r"|(?<!not )\b(?:can|could)\s+(?:i|we)\s+(?:come|go|stop\s+by|drop\s+by)\b"
)


def read_intent_words(text: str) -> IntentWords:
    """Spot every intent a folded English message states."""
    cancel = bool(CANCEL.search(text))
    return IntentWords(
        opt_out=bool(_OPT_OUT_WORD.search(text) or _OPT_OUT.search(text)),
        opt_in=bool(_OPT_IN_WORD.search(text) or _OPT_IN.search(text)),
        reset=bool(_RESET.search(text)),
        reschedule=any(not _negated(text, found.start()) for found in RESCHEDULE.finditer(text)),
        names_booked=bool(BOOKED.search(text)),
        my_appointments=bool(MY_APPOINTMENTS.search(text)),
        cancel=cancel,
        cant_go=bool(CANT_GO.search(text)),
        handoff=bool(_HANDOFF.search(text)),
        book_request=bool(BOOK_REQUEST.search(text)),
        book_word=bool(BOOK_WORD.search(text)),
        deny=bool(DENY.search(text)),
        affirm=bool(AFFIRM.search(text)),
        praise=bool(PRAISE.search(text)),
        thanks=bool(THANKS.search(text)),
        greet=bool(GREET.search(text)),
    )


# Where the appointment being moved is now: "move my appointment *from monday* to friday",
# "change my *tuesday* appointment to thursday", "instead of monday".
_MOVED_FROM = re.compile(
    r"\b(?P<from>(?:from|instead\s+of)\s+(?:(?:this|next|on|the)\s+)*[a-z0-9:/.]+"
    r"(?:\s+(?:at\s+)?\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)?)"
    rf"|\b(?:my|the)\s+(?P<from_day>(?:[a-z]+day|today|tomorrow)(?:'s)?|\d{{1,2}}(?::\d{{2}})?\s*(?:[ap]\.?m\b\.?)?)"
    rf"(?=\s+(?:{APPOINTMENT}|one|slot|to|for|until|till)\b)"
)


def moved_from(text: str) -> tuple[Span, ...]:
    """Where a message says the appointment being moved is now, blanked out before days are read."""
    spans: list[Span] = []
    for found in _MOVED_FROM.finditer(text):
        spans.append(found.span("from") if found["from"] else found.span("from_day"))
    return tuple(spans)


def _negated(text: str, start: int) -> bool:
    """Whether the clause says "don't" right before a moving word: "i don't want to reschedule"."""
    begin, _ = clause_bounds(text, start, start)
    return bool(NEGATED_BEFORE.search(text, begin, start))
