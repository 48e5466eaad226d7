"""Redis adapters on redis.asyncio: the 24-hour dedup window and per-conversation locks."""
