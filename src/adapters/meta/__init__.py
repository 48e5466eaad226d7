"""adapters/meta."""
