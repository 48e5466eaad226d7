"""The offline reader of English messages: ``OfflineEnglishNlu``, and the words it knows (``VOCABULARY``)."""

from adapters.offline_nlu.english.engine import OfflineEnglishNlu
from adapters.offline_nlu.english.vocabulary import VOCABULARY

__all__ = ["VOCABULARY", "OfflineEnglishNlu"]
