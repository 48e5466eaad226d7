"""Adapters over the operating system (clock)."""
