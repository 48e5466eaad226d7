"""The composition root: which adapter serves each port, chosen from configuration.

Tests and the CLI override providers (``container.clock.override(...)``) instead of
monkeypatching. ``DATABASE_URL`` switches storage to PostgreSQL; later adapters
(Redis, Meta's Graph API, Claude) plug in as further options of the selectors below.
"""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.clinic_config.toml_file import load_clinic, load_demo_clinic
from adapters.memory.clinics import InMemoryClinicDirectory
from adapters.memory.dedup import InMemoryDeduplicator
from adapters.memory.lock import InMemoryConversationLock
from adapters.memory.sender import RecordingSender
from adapters.memory.store import InMemoryUnitOfWorkFactory
from adapters.offline_nlu.engine import OfflineSpanishNlu
from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database, DatabaseOptions
from adapters.postgres.dedup import PostgresDeduplicator
from adapters.postgres.migrate import require_current_schema
from adapters.postgres.store import PostgresUnitOfWorkFactory
from adapters.system.clock import SystemClock
from application.handle_message import HandleIncomingMessage
from entrypoints.settings import Settings


def clinic_directory(settings: Settings) -> InMemoryClinicDirectory:
    """Clinics from the configured files, or the built-in demo clinic."""
    if not settings.clinic_files:
        return InMemoryClinicDirectory([load_demo_clinic()])
    return InMemoryClinicDirectory(load_clinic(path) for path in settings.clinic_files)


def database(settings: Settings) -> Database:
    return Database(
        DatabaseOptions(
            url=settings.require_database(),
            transaction_pooler=settings.database_transaction_pooler,
            max_connections=settings.database_pool_size,
        )
    )


class Container(containers.DeclarativeContainer):
    settings = providers.Singleton(Settings.from_environment)
    config = providers.Configuration()

    clock = providers.Singleton(SystemClock)
    database = providers.Singleton(database, settings)
    clinics = providers.Selector(
        config.storage,
        memory=providers.Singleton(clinic_directory, settings),
        postgres=providers.Singleton(PostgresClinicDirectory, database),
    )
    unit_of_work = providers.Selector(
        config.storage,
        memory=providers.Singleton(InMemoryUnitOfWorkFactory),
        postgres=providers.Singleton(PostgresUnitOfWorkFactory, database),
    )
    dedup = providers.Selector(
        config.storage,
        memory=providers.Singleton(InMemoryDeduplicator),
        postgres=providers.Singleton(PostgresDeduplicator, database),
    )
    # One process holds a conversation at a time; across replicas the session's version column
    # refuses lost updates. Redis's lock (issue 4) will order conversations across processes.
    lock = providers.Singleton(InMemoryConversationLock)
    nlu = providers.Selector(config.nlu, offline=providers.Singleton(OfflineSpanishNlu))
    sender = providers.Singleton(RecordingSender)

    handle_message = providers.Singleton(
        HandleIncomingMessage,
        clinics=clinics,
        unit_of_work=unit_of_work,
        dedup=dedup,
        lock=lock,
        nlu=nlu,
        sender=sender,
        clock=clock,
        stale_after=settings.provided.session_idle,
    )


def build_container(settings: Settings | None = None) -> Container:
    """A container configured from ``settings`` (by default, from the environment)."""
    container = Container()
    if settings is not None:
        container.settings.override(providers.Object(settings))
    chosen = container.settings()
    container.config.from_dict({"storage": chosen.storage, "nlu": chosen.nlu})
    return container


async def start_services(container: Container) -> None:
    """Open what the configured adapters need (the database pool), checking the schema is current."""
    if container.settings().storage == "postgres":
        database = container.database()
        await database.start()
        try:
            async with database.pool.acquire() as connection:
                await require_current_schema(connection)
        except BaseException:
            await database.stop()
            raise


async def stop_services(container: Container) -> None:
    if container.settings().storage == "postgres":
        await container.database().stop()
