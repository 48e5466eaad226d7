"""The patient's own name in English: after "my name is", "I'm", "this is"..., or alone when asked."""

from __future__ import annotations

import re

from adapters.offline_nlu.english.calendar import MONTHS, WEEKDAYS
from adapters.offline_nlu.names import NameReading
from adapters.offline_nlu.text import WORD, FoldedText, word_set

# Words that end a name, or show the words after a cue are no name ("i'm free", "this is urgent").
STOP = word_set(
    *WEEKDAYS,
    *(m for m in MONTHS if m not in ("may", "june", "april", "august")),
    "a an the and or but for to at on in of with by from about as so if is are was be been it its it's",
    "i i'm im me my mine we us our you your u ur he she him her his they them their this that these those",
    "there here what when where who why how which not no yes yeah yep ok okay sure please pls plz thanks",
    "thank thx ty hi hello hey morning afternoon evening tonight today tomorrow tmrw week next day days",
    "appointment appt booking book cleaning checkup dentist doctor dr calling writing texting messaging",
    "just also too only still very really so new old here again now then back patient client member",
    "free available busy sorry sure fine good great well ok okay ready late early looking trying going",
    "wondering interested able unable happy glad not after before around can could would will should",
    "have has had do does did need want wants like would in-pain pain hurting scared nervous afraid",
    "sick ill pregnant allergic diabetic existing regular current returning first second mom mum dad",
    "mother father parent guardian son daughter wife husband partner kid kids child children baby",
    "grandma grandpa brother sister friend booked cancelling rescheduling trying coming",
    "asap urgent urgently soon possible well as lol haha any anything some something all both",
    "spelled spelt actually lost broke chipped cracked hurt fell got",
    "he's hes she's shes they're theyre he'll she'll they'll he'd she'd who's whos we're i'll i'd",
)
# The writer introducing themselves ("own"), or naming whom the appointment is for.
_CUE = re.compile(
    r"\b(?:(?P<child>(?:i'?m|i\s+am|im|this\s+is|it'?s)\s+(?:the\s+)?(?:mom|mum|mother|dad|father|parent|guardian"
    r"|grandma|grandmother|grandpa|grandfather)\s+of)"
    r"|(?P<own>(?P<clear>my\s+name\s+is|my\s+name'?s|my\s+names|name'?s|call\s+me|my\s+full\s+name\s+is"
    r"|(?:it'?s\s+|name\s+is\s+)?spel(?:led|t))"
    r"|i'?m|i\s+am|im|this\s+is|it'?s|its|here\s+is|here'?s)"
    r"|(?P<other>name\s*:|under\s+the\s+name(?:\s+of)?|in\s+the\s+name\s+of"
    r"|(?:his|her|their|the\s+patient'?s?|patient'?s?)\s+(?:full\s+)?name\s+is|(?:he|she)'?s\s+called"
    r"|(?:he|she)\s+is\s+called|named|the\s+patient\s+is|patient\s+is))"
    r"(?![a-z'])\s*:?\s*(?:(?:mr|mrs|ms|miss|mx)\b\.?\s*)?"
)
_FOR = re.compile(r"\bfor\s+")
_FOR_SOMEONE = re.compile(
    r"\b(?:(?:appointment|appt|booking|it)\s+(?:is|'s|will\s+be|would\s+be)|it'?s|its)\s+for\s+"
)
_ADJECTIVE_ENDING = re.compile(r"(?:ing|ed|ly|ble|ful|ous|ive|less|ish|ant|ent)$")
_COURTESY = re.compile(
    r"^\W*(?:(?:hi|hello|hey|hiya|good\s+(?:morning|afternoon|evening)|yes|yeah|yep|ok|okay|sure|sorry|oh"
    r"|it'?s|its|this\s+is|name'?s|name|the\s+name'?s|the\s+name\s+is)\b\W*)+"
    r"|(?:\W+(?:thanks|thank\s+you|thx|ty|please|pls|plz|cheers|here|speaking))+\W*$"
)
_FILLERS = frozenset({"lol", "haha", "hahaha", "hmm", "umm", "um", "uh", "oh", "ah", "idk", "omg"})
_MAX_WORDS = 4


def read_stated_names(folded: FoldedText, not_names: frozenset[str]) -> list[NameReading]:
    """Every name an English message states, in order: "my name is john smith", "I'm Ana", "this is
    Tom Lee", "under the name of Rosa Díaz", "her name is Sofia"; "for Juan Pérez" when capitalised."""
    readings: list[NameReading] = []
    for cue in _CUE.finditer(folded.text):
        clear = cue["clear"] is not None or cue["other"] is not None
        reading = name_at(folded, cue.end(), stops=STOP | not_names, lowercase_particles=clear)
        if reading is None:
            continue
        said = WORD.findall(folded.text[slice(*reading.span)])
        if not clear and not _introduces(folded, reading, said):
            continue
        if any(word.endswith("'s") for word in said):
            continue  # "this is Ana's mom": Ana is not the writer
        own = NameReading(reading.name, reading.span, own=cue["own"] is not None)
        readings.insert(0, own) if cue["child"] else readings.append(own)
    for cue in _FOR_SOMEONE.finditer(folded.text):
        # "the appointment is for Jake", "it's for Ana": a capital says a name follows.
        reading = name_at(folded, cue.end(), stops=STOP | not_names)
        if reading is not None and folded.is_capitalised_at(reading.span[0]):
            readings.append(reading)
    for cue in _FOR.finditer(folded.text):
        reading = name_at(folded, cue.end(), stops=STOP)
        if reading is None:
            continue
        said = WORD.findall(folded.text[slice(*reading.span)])
        capitalised = all(
            folded.is_capitalised_at(w.start()) for w in WORD.finditer(folded.text, *reading.span)
        )
        if len(said) >= 2 and capitalised and not set(said) <= not_names:
            readings.append(reading)
            break
    return readings


def read_bare_name(folded: FoldedText) -> NameReading | None:
    """The whole message as a name ("John Smith", "tom", "It's Ana Lee, thanks"); the caller checks
    first that the message means nothing else."""
    text = _COURTESY.sub(lambda found: " " * len(found[0]), folded.text)
    all_words = list(WORD.finditer(text))
    if not all_words or any(char.isalnum() for char in WORD.sub(" ", text)):
        return None
    named = [w for w in all_words if w[0] not in _PARTICLES]
    if (
        all_words[0][0] in _PARTICLES
        or len(named) > _MAX_WORDS
        or any(w[0] in STOP or w[0] in _FILLERS for w in named)
    ):
        return None
    # The whole reply is the name: its particles may be lowercase ("ana lopez de la cruz").
    reading = name_at(folded, all_words[0].start(), stops=STOP, lowercase_particles=True)
    if reading is None or reading.span[1] < all_words[-1].end():
        return None
    return reading


def _introduces(folded: FoldedText, reading: NameReading, said: list[str]) -> bool:
    """Whether "I'm <words>" introduces someone rather than "I'm free" or "I'm hurting": a capital
    says so; a lowercase word must not end like an adjective or a participle."""
    if folded.is_capitalised_at(reading.span[0]):
        return True
    return not _ADJECTIVE_ENDING.search(said[0])


# Joiners inside a name ("Vincent van Gogh", "Maria de la Cruz"), kept only before a capital.
_PARTICLES = frozenset(
    {"van", "von", "de", "da", "del", "della", "la", "le", "di", "du", "der", "den", "dos", "los", "las"}
)


def name_at(
    folded: FoldedText,
    start: int,
    end: int | None = None,
    stops: frozenset[str] = STOP,
    *,
    lowercase_particles: bool = False,
) -> NameReading | None:
    """The name that begins at ``start``, capitals or not, ending at punctuation, a word of ``stops``,
    ``end`` or the fourth word; None if no name word. As the Spanish reader's ``read_name_at``, with
    English particles and without Spanish stop words ("Dale" is a name here). After a particle the
    next word must be capitalised ("Tom de la tarde" is no name), unless a clear cue said a name
    follows (``lowercase_particles``: "my name is vincent van gogh")."""
    text = folded.text
    taken: list[re.Match[str]] = []
    particles: list[re.Match[str]] = []
    cursor = start
    for word in WORD.finditer(text, start, len(text) if end is None else end):
        if text[cursor : word.start()].strip():
            break  # punctuation, digits or symbols end a name
        cursor = word.end()
        if taken and word[0] in _PARTICLES:
            particles.append(word)
            continue
        lowercase_ok = not particles or lowercase_particles
        if word[0] in stops or not (lowercase_ok or folded.is_capitalised_at(word.start())):
            break
        taken.extend(particles)
        particles.clear()
        taken.append(word)
        if sum(1 for w in taken if w[0] not in _PARTICLES) == _MAX_WORDS:
            break
    if not taken:
        return None
    typed = [folded.original_slice(*w.span()) for w in taken]
    name = " ".join(
        part.lower() if w[0] in _PARTICLES else _title(part) for part, w in zip(typed, taken, strict=True)
    )
    return NameReading(name, (taken[0].start(), taken[-1].end()))


def _title(word: str) -> str:
    """Capitalise each part of a word: "o'connor" -> "O'Connor", "mary-jane" -> "Mary-Jane"."""
    chars: list[str] = []
    for index, char in enumerate(word):
        starts_part = index == 0 or word[index - 1] in "-'’"
        chars.append(char.upper() if starts_part else char.lower())
    return "".join(chars)
