"""The Claude NLU adapter: Claude Haiku 4.5 reads a message with the clinic's live context."""
