"""How well ClinicFlow reads what patients write: a labelled set of WhatsApp messages from six
countries and more (``utterances/``, rules in README.md), scored slot by slot against the
offline reader, and sixty whole conversations played with the hybrid reader
(``conversations.py``). Run it with ``python -m bench.understanding``.
"""
