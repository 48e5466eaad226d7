"""What an English message asks about a service: its price, how long it takes, how to prepare.

"how much is a cleaning?", "how long does whitening take", "do I need to fast?": the same
``ServiceTalk`` the Spanish reader builds, from English questions and the clinic's services.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from adapters.offline_nlu.english.negation import is_service_refused
from adapters.offline_nlu.service_questions import Question
from adapters.offline_nlu.services import NOTHING, ServiceTalk, read_service
from domain.services import Service
from domain.understanding import ServiceQuestion

_ASKED: tuple[tuple[ServiceQuestion, re.Pattern[str]], ...] = (
    (
        ServiceQuestion.PRICE,
        re.compile(
            r"\bhow\s+much\b(?!\s+(?:time|longer|notice|earlier|before))|\bhow\s+expensive\b"
            r"|\bcosts?\b|\bprices?\b|\bpricing\b|\bfees?\b|\brates?\b"
            r"|\bcharges?\b|\bquote\b|\bhow\s+\$"
        ),
    ),
    (
        ServiceQuestion.DURATION,
        re.compile(
            r"\bhow\s+long\b(?!\s+(?:before|until|till|do\s+i\s+have\s+to\s+wait|is\s+the\s+wait|ago|have\s+you))"
            r"|\bhow\s+much\s+time\b|\bhow\s+many\s+(?:minutes|mins|hours)\b|\bduration\b"
            r"|\btakes?\s+(?:long|a\s+while)\b|\bis\s+it\s+(?:long|quick)\b"
        ),
    ),
    (
        ServiceQuestion.PREPARATION,
        re.compile(
            r"\bfast(?:ing)?\b(?!\s+(?:as|food))|\bempty\s+stomach\b|\b(?:can|should|may)\s+i\s+(?:eat|drink|have\s+breakfast)\b"
            r"|\beat\s+before\b|\b(?:do\s+i\s+|should\s+i\s+|what\s+(?:do|should)\s+i\s+)(?:need\s+to\s+)?(?:bring|prepare)\b"
            r"|\bprepar(?:e|ation|ing)\b|\bbrush\s+(?:my\s+)?teeth\s+before\b|\banything\s+(?:to\s+)?bring\b"
        ),
    ),
)
_BESIDE_A_SERVICE: tuple[tuple[ServiceQuestion, re.Pattern[str]], ...] = (
    (
        ServiceQuestion.PRICE,
        re.compile(
            r"\bfree\b(?!\s+(?:slot|spot|time|on|at|tomorrow|today))|\binfo\b|\binformation\b|\bdetails\b"
        ),
    ),
)


def _questions(text: str, patterns: tuple[tuple[ServiceQuestion, re.Pattern[str]], ...]) -> list[Question]:
    return [Question(asks, found.span()) for asks, pattern in patterns for found in pattern.finditer(text)]


def read_service_talk(text: str, services: Sequence[Service]) -> ServiceTalk:
    """The service a folded (clinic-worded) message names, and its question about one."""
    if not services:
        return NOTHING
    asked = _questions(text, _ASKED)
    mention = read_service(text, services, [q.span for q in asked], refused=is_service_refused)
    if mention is not None:
        asked += _questions(text, _BESIDE_A_SERVICE)
    if not asked:
        return ServiceTalk(mention)
    asked.sort(key=lambda q: q.span)
    return ServiceTalk(mention, asked[0].asks, tuple(q.span for q in asked))
