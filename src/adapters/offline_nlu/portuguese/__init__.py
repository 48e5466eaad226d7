"""An offline, rule-based reading of Brazilian Portuguese WhatsApp messages (see ``engine``)."""

from adapters.offline_nlu.portuguese.engine import OfflinePortugueseNlu
from adapters.offline_nlu.portuguese.vocabulary import SHARED_WITH_SPANISH, VOCABULARY

__all__ = ["SHARED_WITH_SPANISH", "VOCABULARY", "OfflinePortugueseNlu"]
