"""How well ClinicFlow reads what patients write: a labelled set of WhatsApp messages in each
language (``utterances/``: Spanish from six countries and more, English in ``en/``, Portuguese in
``pt/``; rules in README.md), scored slot by slot against each language's offline reader, and
whole conversations in each language played with the hybrid reader (``conversations.py``,
``conversations_en.py``). Run it with ``python -m bench.understanding``.
"""
