"""Which database errors say "not now" (an outage: try again later) and which say "not this"
(the data cannot be stored as it is: trying again changes nothing)."""

from __future__ import annotations

import asyncpg

from adapters.postgres.database import DatabaseUnavailable

# Refused for the data itself: a value out of a column's range (asyncpg's own DataError, raised
# before sending, is a ValueError), a bad value, a broken constraint, an index row too long.
UNFIT_DATA = (
    ValueError,
    asyncpg.DataError,
    asyncpg.IntegrityConstraintViolationError,
    asyncpg.ProgramLimitExceededError,
)

# SQLSTATE classes of a server that is away, overloaded or shutting down: connection exceptions,
# transaction rollbacks (deadlocks, serialization), insufficient resources, objects in use,
# operator intervention (shutdown, starting up, a cancelled statement) and system errors.
_OUTAGE_CLASSES = frozenset({"08", "40", "53", "55", "57", "58"})


def database_outage(error: BaseException) -> bool:
    """Whether ``error`` says the database could not do the work now (trying later may succeed)."""
    if isinstance(error, DatabaseUnavailable | OSError | TimeoutError):
        return True
    if isinstance(error, asyncpg.InterfaceError):  # a closed connection or pool, not a bad value
        return not isinstance(error, ValueError)
    sqlstate = getattr(error, "sqlstate", None)
    return isinstance(error, asyncpg.PostgresError) and str(sqlstate)[:2] in _OUTAGE_CLASSES
