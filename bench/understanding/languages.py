"""Each language the benchmark measures: the offline reader that reads its utterances, the
conversations played in it, and the clinic they are played at.

A language with no entry in ``READERS`` is reported as having no offline reader yet: its
utterances are counted, not scored. A language with no entry in ``SUITES`` plays nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from tests.integration.servers.fake_anthropic import API_KEY, fake_messages_api

from adapters.claude.engine import ClaudeConfig, ClaudeNlu
from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.offline_nlu.engine import OfflineSpanishNlu
from adapters.offline_nlu.english import OfflineEnglishNlu
from adapters.offline_nlu.portuguese import OfflinePortugueseNlu
from bench import conversations
from bench.conversation_suite import Conversation
from bench.understanding.conversations import CONVERSATIONS
from bench.understanding.conversations_en import ENGLISH
from bench.understanding.conversations_pt import BRAZIL
from bench.understanding.scoring import Readers
from domain.clinic import Clinic
from domain.language import Language

# The offline reader of each language (the one place that says which reads which).
READERS: Readers = {
    Language.SPANISH: OfflineSpanishNlu,
    Language.ENGLISH: OfflineEnglishNlu,
    Language.PORTUGUESE: OfflinePortugueseNlu,
}

# The whole conversations played in each language.
SUITES: dict[Language, tuple[Conversation, ...]] = {
    Language.SPANISH: CONVERSATIONS,
    Language.ENGLISH: ENGLISH,
    Language.PORTUGUESE: BRAZIL,
}


def playing_clinic(clinic: Clinic, language: Language) -> Clinic:
    """The clinic a conversation in ``language`` is played at: Spanish at ``clinic`` as it is
    (the demo clinic serves Spanish alone), any other language at ``clinic`` serving every
    language, Spanish first, so the bot has to tell the patient's language from what they write."""
    if language is Language.SPANISH:
        return clinic
    return replace(clinic, languages=tuple(Language), speaks=None)


async def play_languages(
    suites: Mapping[Language, Sequence[Conversation]] = SUITES,
) -> dict[Language, list[conversations.Outcome]]:
    """Play every language's conversations as ``bench.conversations.play_suite`` plays its own
    (hybrid reader, a fake Messages API, a fresh store each), at that language's clinic."""
    demo = load_demo_clinic()
    outcomes: dict[Language, list[conversations.Outcome]] = {}
    with fake_messages_api() as api:
        claude = ClaudeNlu(ClaudeConfig(api_key=API_KEY, base_url=api.url, timeout_seconds=5.0))
        try:
            for language, suite in suites.items():
                clinic = playing_clinic(demo, language)
                outcomes[language] = [await conversations.play(c, clinic, claude, api) for c in suite]
        finally:
            await claude.close()
    return outcomes
