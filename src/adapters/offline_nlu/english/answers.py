"""Short English answers as people text them: yes, no, thanks and greetings.

Patterns over folded text, read by ``intents``, which weighs them as the Spanish reader does.
"""

from __future__ import annotations

import re

# What may follow a one-word answer and change nothing: "sure thing", "ok thanks", "yes pls".
_TRAILING = (
    r"(?=\W*$|\s*[,.!;]|\s+(?:thanks|thank|thx|ty|please|pls|plz|then|ok|okay|perfect|great|mate|sir"
    r"|maam|ma'am|dear|lol|haha|yes|no)\b)"
)
_NO_PROBLEM = r"(?:problem|problemo|prob|probs|worries|worry|biggie|sweat)\b"
DENY = re.compile(
    rf"\bno+\b(?!\s+{_NO_PROBLEM}|\s+(?:one|later|more|earlier|sooner)\b|\s+pain\b)"
    r"|\bnope\b|\bnah+\b|\bnay\b|\bnegative\b|\bneither\b|\bnone\s+of\s+(?:those|them|these)\b"
    r"|\bnot\s+(?:that|this)\s+(?:one|time|day)\b|\bnot\s+(?:really|quite)\b|\bno\s+thanks?\b|\bi\s+don'?t\s+think\s+so\b"
    r"|\b(?:doesn'?t|does\s+not|won'?t|wont|will\s+not)\s+work\b|\bdon'?t\s+(?:want|need)\b"
    r"|\b(?:another|a\s+different|different|other)\s+(?:day|date|time|one)\b|\bsomething\s+else\b"
    r"|\bwrong\b|\b(?:that'?s|thats|that\s+is|it'?s)\s+not\s+(?:right|it|correct|what\s+i)\b"
    r"|^\W*(?:pass|n|not\s+(?:that|those))" + _TRAILING
)
_ALONE_YES = (
    r"(?:y|yes+|yeah|yea|yeh|yep|yup|ya|yah|ye|yas|sure|sure\s+thing|k|kk|ok|okay|okey|okie|okey\s+dokey|alright"
    r"|all\s+right|right|fine|good|deal|done|correct|exactly|absolutely|definitely|certainly|of\s+course"
    r"|aye|affirmative|indeed|go\s+ahead|do\s+it|book\s+it|yes\s+please|please\s+do|go\s+for\s+it)"
)
AFFIRM = re.compile(
    r"(?<!\bif )\byes+\b|\byeah?\b|\byep\b|\byup\b|(?<!not )\bsure\b|(?<!not )\bok(?:ay|ey|ie)?\b"
    r"|\bk+\b(?=\W*$)"
    r"|\balright\b|\ball\s+right\b|\bconfirm(?:ed|ing|s)?\b|\bcorrect\b|\babsolutely\b|\bdefinitely\b"
    r"|\bof\s+course\b|\bsounds\s+(?:good|great|perfect|fine|ok|okay|lovely|grand|like\s+a\s+plan)\b"
    r"|\b(?:that|this|it|thursday|friday|monday|tuesday|wednesday|saturday|tomorrow|today)\s*(?:'d|would|will|'ll)?"
    r"\s*works?\b(?!\s+(?:out|on|for\s+(?:you|the)))|\bworks\s+for\s+(?:me|us)\b|\b(?:that'?s|thats|that\s+is)\s+"
    r"(?:fine|ok|okay|good|great|perfect|right|correct)\b|\bgo\s+ahead\b|\b(?:let'?s|lets)\s+do\s+(?:it|that)\b"
    r"|\bbook\s+(?:it|that|this|me\s+in)\b(?!\s+for\b)|\bi'?ll\s+(?:be\s+there|take\s+(?:it|that))\b"
    r"|\bsee\s+(?:you|ya|u)\s+then\b|\b(?:fine|good)\s+(?:by|with)\s+me\b|\bno\s+" + _NO_PROBLEM + r"|👍"
    # Britain's and Australia's: "spot on", "go on then", "bang on", "that's the one", "defo".
    r"|\b(?:spot|bang)\s+on\b|\bgo\s+on\s+then\b|\b(?:that'?s|thats)\s+the\s+one\b|\bdef+o\b"
    rf"|^\W*{_ALONE_YES}{_TRAILING}"
)
PRAISE = re.compile(
    r"\b(?:perfect|great|awesome|excellent|brilliant|cool|lovely|amazing|fantastic|wonderful|grand|ace"
    r"|splendid|superb|nice|sweet|brill|fab|fabulous|cracking|champion|beaut|legend)\b"
)
THANKS = re.compile(
    r"\bthank[a-z]*\b|\bthanx\b|\bthnx\b|\bthnks\b|\bthks\b|\bthx\b|\btx\b|\bty\b|\btysm\b|\btyvm\b|\bcheers\b"
    r"|\bmuch\s+appreciated\b|\bappreciate\s+(?:it|that|you)\b|\bmany\s+thanks\b"
    # Britain's "ta": alone, closing a message ("lovely, ta") or with its usual company ("ta very much").
    r"|\bta\s+(?:very\s+much|v\s+much|muchly|so\s+much|love|luv|mate|hun|pet|x+)\b"
    r"|(?:^|[,.!]|\b(?:ok|okay|lovely|great|brill|brilliant|perfect|fab|cool|thanks|cheers))\W*\bta\W*$"
)
GREET = re.compile(
    r"\bh(?:i|ii+|iya|ey+|ello+|allo|owdy)\b|\bgood\s+(?:morning|afternoon|evening|day)\b|\bgreetings\b"
    r"|\byo\b(?=\W*$|\W*,)|\bwhat'?s\s+up\b|\bsup\b"
)
