"""Offline Spanish NLU: reads patients' WhatsApp messages with rules, no network and no model."""
