"""Use cases and the ports (typing.Protocol) they need. No technology is imported here."""
