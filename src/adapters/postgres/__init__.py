"""PostgreSQL adapters on asyncpg: migrations, clinic directory, unit of work, message log."""
