"""The composition root: which adapter serves each port, chosen from configuration.

Tests and the CLI override providers (``container.clock.override(...)``) instead of
monkeypatching. ``DATABASE_URL`` switches storage to PostgreSQL; later adapters
(Redis, Meta's Graph API, Claude) plug in as further options of the selectors below.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Protocol, TypeVar

from dependency_injector import containers, providers

from adapters.argon2.hasher import Argon2PasswordHasher
from adapters.cached_clinics import CachedClinicDirectory, ForgettingClinicStore, ForgettingSwitches
from adapters.claude.engine import ClaudeConfig, ClaudeNlu
from adapters.claude.pricing import budget_price
from adapters.clinic_config.files import TomlClinicFiles
from adapters.clinic_config.toml_file import load_clinic, load_demo_clinic
from adapters.group_commit import GroupCommitInbox
from adapters.http_client import HttpClient
from adapters.hybrid_nlu import HybridNlu
from adapters.memory.accounts import InMemoryStaffAccounts
from adapters.memory.alerts import InMemoryAlertQueue
from adapters.memory.audit import InMemoryAuditLog
from adapters.memory.clinics import InMemoryClinicDirectory
from adapters.memory.figures import InMemoryDashboardFigures
from adapters.memory.inbox import InMemoryInbox
from adapters.memory.lock import InMemoryConversationLock
from adapters.memory.media import NoMediaFiles
from adapters.memory.model_tokens import InMemoryModelTokens
from adapters.memory.outbound import InMemoryOutboundLog
from adapters.memory.outbox import InMemoryOutbox
from adapters.memory.recalls import InMemoryRecallLog
from adapters.memory.reminder_jobs import InMemoryReminderJobs
from adapters.memory.retention import memory_expiring_records
from adapters.memory.sender import RecordingSender
from adapters.memory.staff_keys import InMemoryStaffKeys
from adapters.memory.store import InMemoryOtherAddresses, InMemoryUnitOfWorkFactory
from adapters.meta.media import GraphApiMedia
from adapters.meta.sender import GraphApiConfig, GraphApiSender
from adapters.observability.metered import MeteredLock, MeteredModelTokens, MeteredSender, MeteredUnitsOfWork
from adapters.observability.prometheus import PrometheusMetrics
from adapters.offline_nlu.engine import OfflineSpanishNlu
from adapters.offline_nlu.english import OfflineEnglishNlu
from adapters.offline_nlu.languages import OfflineLanguageDetector
from adapters.offline_nlu.multilingual import OfflineNlu
from adapters.offline_nlu.portuguese import OfflinePortugueseNlu
from adapters.offline_nlu.privacy import OfflinePrivacyReader
from adapters.postgres.accounts import PostgresStaffAccounts
from adapters.postgres.alerts import PostgresAlertQueue
from adapters.postgres.audit import PostgresAuditLog
from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database, DatabaseOptions
from adapters.postgres.figures import PostgresDashboardFigures
from adapters.postgres.inbox import PostgresInbox
from adapters.postgres.model_tokens import PostgresModelTokens
from adapters.postgres.outbound import PostgresOutboundLog
from adapters.postgres.outbox import PostgresOutbox
from adapters.postgres.patients import PostgresOtherAddresses
from adapters.postgres.recalls import PostgresRecallLog
from adapters.postgres.reminder_jobs import PostgresReminderJobs
from adapters.postgres.retention import postgres_expiring_records
from adapters.postgres.staff_keys import PostgresStaffKeys
from adapters.postgres.store import PostgresUnitOfWorkFactory
from adapters.postgres.wakeups import InboxWakeups
from adapters.redis.connection import RedisConnection
from adapters.redis.dedup import RedisRecentMessages
from adapters.redis.lock import LockTiming, RedisConversationLock
from adapters.redis.traces import RedisPatientTraces
from adapters.speech.openai_compatible import OpenAiCompatibleSpeech, SpeechConfig
from adapters.system.clock import SystemClock
from adapters.tiered import CachedInbox
from adapters.totp.codes import TotpCodes
from adapters.webhooks.alerts import SignedAlertWebhook
from application.accounts import Accounts
from application.audit import Audit
from application.clinic_calendar import ClinicCalendar
from application.clinic_settings import ClinicSettings
from application.conversation import ConversationService
from application.dashboard import ShowDashboard
from application.deliver_replies import SEND_BACKOFF, DeliverReplies, SendPolicy
from application.delivery_reports import RecordDeliveryReports
from application.handoff import DeliverAlerts, ReturnQuietConversations
from application.intake import Intake
from application.listening import Listening
from application.patient_files import PatientFiles
from application.patient_rights import PatientRights
from application.ports import Inbox, MediaFiles, NoModelTokens, NoPatientTraces, SpeechToText
from application.privacy_register import WarnOfDeadlines
from application.pseudonyms import Pseudonyms
from application.recall_campaign import RunRecallCampaign
from application.reengagement import ResendLate
from application.retention import PurgeExpired
from application.send_reminders import RetryPolicy, SendDueReminders
from application.staff import AgendaDesk, ClinicDesk, StaffAccess, StaffDesk
from application.turn_processor import TURN_BACKOFF, TurnPolicy, TurnProcessor
from application.waitlist import WaitlistBoard
from domain.language import Language
from domain.throttle import Limit, PatientLimits
from entrypoints.settings import Settings, SettingsError
from entrypoints.sign_ins import SignInGuard
from entrypoints.turns import TurnRunner

T = TypeVar("T")


def patient_limits(settings: Settings) -> PatientLimits:
    return PatientLimits(
        model_calls=Limit(settings.model_calls_per_hour, timedelta(hours=1)),
        replies=Limit(settings.replies_per_minute, timedelta(minutes=1)),
        model_tokens_per_patient=settings.model_tokens_per_patient_day,
        model_tokens_per_clinic=settings.model_tokens_per_clinic_day,
    )


def seconds(duration: timedelta) -> float:
    return duration.total_seconds()


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


def graph_config(settings: Settings) -> GraphApiConfig:
    return GraphApiConfig(
        access_token=settings.meta_access_token,
        version=settings.meta_graph_version,
        base_url=settings.meta_graph_url,
    )


def speech_config(settings: Settings) -> SpeechConfig:
    return SpeechConfig(
        base_url=settings.speech_url,
        model=settings.speech_model,
        api_key=settings.speech_api_key,
        timeout_seconds=settings.speech_timeout_seconds,
    )


def media_limit(settings: Settings) -> int:
    return settings.media_max_mb * 1024 * 1024


def hearing(
    settings: Settings, media: Callable[[], MediaFiles], speech: Callable[[], SpeechToText], inbox: Inbox
) -> Listening | None:
    """Voice notes transcribed in the turn, when a transcriber is set up (else they are not heard)."""
    if not settings.transcribes:
        return None
    return Listening(media(), speech(), inbox, settings.speech_language)


def offline_readers() -> OfflineNlu:
    """The offline reader of each language the bot speaks."""
    return OfflineNlu(
        {
            Language.SPANISH: OfflineSpanishNlu(),
            Language.ENGLISH: OfflineEnglishNlu(),
            Language.PORTUGUESE: OfflinePortugueseNlu(),
        }
    )


def claude_config(settings: Settings) -> ClaudeConfig:
    return ClaudeConfig(
        api_key=settings.anthropic_api_key,
        model=settings.claude_model,
        base_url=settings.anthropic_base_url,
        timeout_seconds=settings.nlu_timeout_seconds,
    )


def pseudonyms(settings: Settings) -> Pseudonyms:
    return Pseudonyms(settings.hash_key.encode()) if settings.hash_key else Pseudonyms.random()


# Without CLINICFLOW_HASH_KEY, message ids kept for good are hashed under this fixed key rather than a
# random one, so every process and every restart still finds a redelivery or a receipt. A wamid
# holds a random part (80 bits and more) beside the number, so its hash is not reversed even by
# one who knows this key; a key of the deployment's own is still the advice.
UNSET_MESSAGE_KEY = b"clinicflow: message ids without CLINICFLOW_HASH_KEY"


def message_keys(settings: Settings) -> Pseudonyms:
    return Pseudonyms(settings.hash_key.encode() if settings.hash_key else UNSET_MESSAGE_KEY)


def redis_connection(settings: Settings) -> RedisConnection:
    if not settings.with_redis:
        raise SettingsError("REDIS_URL must be set to use Redis")
    return RedisConnection(settings.redis_url)


def lock_timing(settings: Settings) -> LockTiming:
    return LockTiming(expiry=settings.lock_expiry, wait=settings.lock_wait, settle=settings.lock_settle)


class Lifecycle(Protocol):
    """A pool or a client that is opened before use and closed at the end."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


async def running(service: Callable[[], Lifecycle], wanted: bool) -> AsyncIterator[None]:
    """A Resource: ``service`` open while the process runs, when the settings use it."""
    if not wanted:
        yield None
        return
    opened = service()
    await opened.start()
    try:
        yield None
    finally:
        await opened.stop()


async def database_running(database: Callable[[], Database], wanted: bool) -> AsyncIterator[None]:
    """A Resource: the pool open while the process runs, once its schema is found current."""
    if not wanted:
        yield None
        return
    opened = database()
    await opened.start(require_current_schema=True)
    try:
        yield None
    finally:
        await opened.stop()


async def model_client(claude: providers.Singleton[ClaudeNlu], wanted: bool) -> AsyncIterator[None]:
    """A Resource: the model's SDK client closed at the end. A closed client cannot be opened
    again, so the next start (serve's, after its preflight) gets a new one, on its own loop."""
    yield None
    if wanted:
        await claude().close()
        claude.reset()


def in_memory_lock(settings: Settings) -> InMemoryConversationLock:
    return InMemoryConversationLock(
        settle_seconds=settings.lock_settle.total_seconds(), wait_seconds=settings.lock_wait.total_seconds()
    )


class Container(containers.DeclarativeContainer):
    settings = providers.Singleton(Settings.from_environment)
    config = providers.Configuration()

    clock = providers.Singleton(SystemClock)
    pseudonyms = providers.Singleton(pseudonyms, settings)
    message_keys = providers.Singleton(message_keys, settings)
    metrics = providers.Singleton(PrometheusMetrics)
    database = providers.Singleton(database, settings)
    audit_log = providers.Selector(
        config.storage,
        memory=providers.Singleton(InMemoryAuditLog),
        postgres=providers.Singleton(PostgresAuditLog, database),
    )
    memory_clinics = providers.Singleton(clinic_directory, settings)
    postgres_clinics = providers.Singleton(PostgresClinicDirectory, database)
    cached_clinics = providers.Singleton(
        CachedClinicDirectory, postgres_clinics, ttl=settings.provided.clinic_cache
    )
    clinics = providers.Selector(config.storage, memory=memory_clinics, postgres=cached_clinics)
    clinic_switches = providers.Selector(
        config.storage,
        memory=memory_clinics,
        postgres=providers.Singleton(ForgettingSwitches, postgres_clinics, cached_clinics),
    )
    clinic_store = providers.Selector(
        config.storage,
        memory=memory_clinics,
        postgres=providers.Singleton(ForgettingClinicStore, postgres_clinics, cached_clinics),
    )
    memory_store = providers.Singleton(InMemoryUnitOfWorkFactory)
    unit_of_work = providers.Selector(
        config.storage,
        memory=memory_store,
        postgres=providers.Singleton(PostgresUnitOfWorkFactory, database, message_keys),
    )
    reminder_jobs = providers.Selector(
        config.storage,
        memory=providers.Singleton(InMemoryReminderJobs, memory_store.provided.store),
        postgres=providers.Singleton(PostgresReminderJobs, database),
    )
    recall_log = providers.Selector(
        config.storage,
        memory=providers.Singleton(InMemoryRecallLog, memory_store.provided.store),
        postgres=providers.Singleton(PostgresRecallLog, database),
    )
    redis = providers.Singleton(redis_connection, settings)
    durable_inbox = providers.Selector(
        config.storage,
        memory=providers.Singleton(
            InMemoryInbox, memory_store.provided.store.inbox, sweep_grace=settings.provided.sweep_grace
        ),
        postgres=providers.Singleton(
            PostgresInbox,
            database,
            message_keys,
            sweep_grace=settings.provided.sweep_grace,
            wake_workers=settings.provided.turns_in_workers,
        ),
    )
    inbox_wakeups = providers.Singleton(InboxWakeups, database)
    outbox = providers.Selector(
        config.storage,
        memory=providers.Singleton(InMemoryOutbox, memory_store.provided.store.outbox),
        postgres=providers.Singleton(PostgresOutbox, database),
    )
    deduplicating_inbox = providers.Selector(
        config.dedup,
        inbox=durable_inbox,
        redis=providers.Singleton(
            CachedInbox, fast=providers.Singleton(RedisRecentMessages, redis, pseudonyms), inbox=durable_inbox
        ),
    )
    # Deliveries accepted at the same moment share one dedup lookup, insert and dedup write.
    inbox = providers.Singleton(GroupCommitInbox, deduplicating_inbox)
    # Without Redis, conversations are ordered within one process; across replicas the
    # session's version column still refuses lost updates.
    lock = providers.Selector(
        config.locks,
        memory=providers.Singleton(in_memory_lock, settings),
        redis=providers.Singleton(
            RedisConversationLock, redis, pseudonyms, providers.Callable(lock_timing, settings)
        ),
    )
    offline_nlu = providers.Singleton(offline_readers)
    language_detector = providers.Singleton(OfflineLanguageDetector)
    privacy_reader = providers.Singleton(OfflinePrivacyReader)
    # What Redis keeps under an erased patient's keyed hash goes with their data.
    patient_traces = providers.Selector(
        config.locks,
        memory=providers.Singleton(NoPatientTraces),
        redis=providers.Singleton(RedisPatientTraces, redis, pseudonyms),
    )
    claude = providers.Singleton(ClaudeNlu, providers.Callable(claude_config, settings), metrics=metrics)
    nlu = providers.Selector(
        config.nlu,
        offline=offline_nlu,
        claude=providers.Singleton(HybridNlu, offline_nlu, claude, metrics=metrics),
    )
    # Each clinic's model tokens today, where every process sees them (the offline reader spends none).
    model_tokens = providers.Selector(
        config.nlu,
        offline=providers.Singleton(NoModelTokens),
        claude=providers.Selector(
            config.storage,
            memory=providers.Singleton(InMemoryModelTokens),
            postgres=providers.Singleton(PostgresModelTokens, database),
        ),
    )
    outbound_log = providers.Selector(
        config.storage,
        memory=providers.Singleton(InMemoryOutboundLog),
        postgres=providers.Singleton(PostgresOutboundLog, database, message_keys),
    )
    record_reports = providers.Singleton(RecordDeliveryReports, outbound_log, outbox, clock, names=pseudonyms)
    graph_http = providers.Singleton(HttpClient)
    sender = providers.Selector(
        config.sender,
        recording=providers.Singleton(RecordingSender),
        graph=providers.Singleton(
            GraphApiSender,
            graph_http,
            providers.Callable(graph_config, settings),
            outbound=outbound_log,
            names=pseudonyms,
        ),
    )
    media_files = providers.Selector(
        config.sender,
        recording=providers.Singleton(NoMediaFiles),
        graph=providers.Singleton(
            GraphApiMedia,
            graph_http,
            providers.Callable(graph_config, settings),
            max_bytes=providers.Callable(media_limit, settings),
        ),
    )
    speech_http = providers.Singleton(HttpClient)
    speech = providers.Singleton(
        OpenAiCompatibleSpeech, speech_http, providers.Callable(speech_config, settings)
    )
    listening = providers.Singleton(hearing, settings, media_files.provider, speech.provider, inbox)
    # What the use cases get: the adapters above, counted (tests still read and override those).
    metered_units = providers.Singleton(MeteredUnitsOfWork, unit_of_work, metrics)
    metered_lock = providers.Singleton(MeteredLock, lock, metrics)
    metered_sender = providers.Singleton(MeteredSender, sender, metrics)
    metered_model_tokens = providers.Singleton(
        MeteredModelTokens, model_tokens, metrics, settings.provided.model_tokens_per_clinic_day
    )

    # The path of a message: intake (webhook) -> inbox -> turn -> conversation -> outbox -> sender.
    intake = providers.Singleton(
        Intake,
        clinics=clinics,
        inbox=inbox,
        record_reports=record_reports,
        clock=clock,
        resend_late=providers.Singleton(ResendLate, clinics=clinics, unit_of_work=metered_units, clock=clock),
    )
    conversation = providers.Singleton(
        ConversationService,
        nlu=nlu,
        stale_after=settings.provided.session_idle,
        limits=providers.Callable(patient_limits, settings),
        model_tokens=metered_model_tokens,
        privacy=privacy_reader,
        names=pseudonyms,
        audit=audit_log,
        languages=language_detector,
    )
    other_addresses = providers.Selector(
        config.storage,
        memory=providers.Singleton(InMemoryOtherAddresses, memory_store.provided.store),
        postgres=providers.Singleton(PostgresOtherAddresses, database),
    )
    deliver_replies = providers.Singleton(
        DeliverReplies,
        outbox=outbox,
        sender=metered_sender,
        clinics=clinics,
        clock=clock,
        addresses=other_addresses,
        policy=providers.Factory(
            SendPolicy,
            lease=settings.provided.turn_lease,
            max_attempts=settings.provided.send_max_attempts,
            backoff=providers.Callable(SEND_BACKOFF.starting_at, settings.provided.send_first_retry),
        ),
    )
    turn_processor = providers.Singleton(
        TurnProcessor,
        clinics=clinics,
        unit_of_work=metered_units,
        inbox=inbox,
        lock=metered_lock,
        conversation=conversation,
        deliver=deliver_replies,
        sender=metered_sender,
        clock=clock,
        policy=providers.Factory(
            TurnPolicy,
            lease=settings.provided.turn_lease,
            max_attempts=settings.provided.turn_max_attempts,
            backoff=providers.Callable(TURN_BACKOFF.starting_at, settings.provided.turn_first_retry),
        ),
        metrics=metrics,
        listening=listening,
        traces=patient_traces,
    )
    turns = providers.Singleton(
        TurnRunner, turn_processor, sweep_seconds=providers.Callable(seconds, settings.provided.sweep_every)
    )
    send_reminders = providers.Singleton(
        SendDueReminders,
        jobs=reminder_jobs,
        clinics=clinics,
        sender=metered_sender,
        clock=clock,
        retry=providers.Factory(RetryPolicy, max_attempts=settings.provided.reminder_max_attempts),
        lease=settings.provided.reminder_lease,
        addresses=other_addresses,
    )
    run_recall = providers.Singleton(
        RunRecallCampaign, recalls=recall_log, sender=metered_sender, clock=clock
    )
    staff_keys = providers.Selector(
        config.storage,
        memory=providers.Singleton(InMemoryStaffKeys),
        postgres=providers.Singleton(PostgresStaffKeys, database),
    )
    audit = providers.Singleton(Audit, log=audit_log, clock=clock)
    staff_accounts = providers.Selector(
        config.storage,
        memory=providers.Singleton(InMemoryStaffAccounts),
        postgres=providers.Singleton(PostgresStaffAccounts, database),
    )
    accounts = providers.Singleton(
        Accounts,
        accounts=staff_accounts,
        clinics=clinics,
        hasher=providers.Singleton(Argon2PasswordHasher),
        codes=providers.Singleton(TotpCodes),
        audit=audit,
        pseudonyms=pseudonyms,
        clock=clock,
    )
    # Every store that keeps message texts, receipts or the outbound log, for the worker to purge.
    expiring_records = providers.Selector(
        config.storage,
        memory=providers.Singleton(memory_expiring_records, memory_store.provided.store, outbound_log),
        postgres=providers.Singleton(postgres_expiring_records, database),
    )
    purge_expired = providers.Singleton(
        PurgeExpired, clinics=clinics, stores=expiring_records, audit=audit_log, clock=clock
    )
    staff_access = providers.Singleton(StaffAccess, keys=staff_keys, clinics=clinics, clock=clock)
    sign_ins = providers.Singleton(
        SignInGuard, access=staff_access, accounts=accounts, audit=audit, pseudonyms=pseudonyms, clock=clock
    )
    staff_desk = providers.Singleton(
        StaffDesk,
        unit_of_work=metered_units,
        lock=metered_lock,
        deliver=deliver_replies,
        clock=clock,
        clinics=clinics,
    )
    clinic_desk = providers.Singleton(ClinicDesk, clinics=clinics, switches=clinic_switches)
    clinic_settings = providers.Singleton(
        ClinicSettings, store=clinic_store, files=providers.Singleton(TomlClinicFiles), audit=audit
    )
    patient_files = providers.Singleton(PatientFiles, inbox=inbox, files=media_files, clinics=clinics)
    # When a conversation needs a person: the clinic's webhook alerted, quiet conversations taken back.
    alerts_http = providers.Singleton(HttpClient)
    alert_queue = providers.Selector(
        config.storage,
        memory=providers.Singleton(InMemoryAlertQueue, memory_store.provided.store.alerts),
        postgres=providers.Singleton(PostgresAlertQueue, database),
    )
    deliver_alerts = providers.Singleton(
        DeliverAlerts,
        queue=alert_queue,
        webhook=providers.Singleton(SignedAlertWebhook, alerts_http, settings.provided.alert_webhook_secret),
        clinics=clinics,
        clock=clock,
    )
    return_quiet_conversations = providers.Singleton(
        ReturnQuietConversations,
        clinics=clinics,
        unit_of_work=metered_units,
        lock=metered_lock,
        clock=clock,
        audit=audit,
        names=pseudonyms,
    )

    # What the chosen adapters open for the process's lifetime, and close at its end:
    # start_services (init_resources) and stop_services (shutdown_resources).
    database_open = providers.Resource(database_running, database.provider, settings.provided.durable)
    redis_open = providers.Resource(running, redis.provider, settings.provided.with_redis)
    graph_open = providers.Resource(running, graph_http.provider, settings.provided.sends_through_meta)
    speech_open = providers.Resource(running, speech_http.provider, settings.provided.transcribes)
    alerts_open = providers.Resource(running, alerts_http.provider, settings.provided.durable)
    claude_open = providers.Resource(model_client, claude.provider, settings.provided.reads_with_claude)
    agenda_desk = providers.Singleton(
        AgendaDesk, clinics=clinics, unit_of_work=metered_units, clock=clock, audit=audit
    )
    clinic_calendar = providers.Singleton(
        ClinicCalendar, clinics=clinics, unit_of_work=metered_units, clock=clock
    )
    dashboard_figures = providers.Selector(
        config.storage,
        memory=providers.Singleton(InMemoryDashboardFigures),
        postgres=providers.Singleton(PostgresDashboardFigures, database),
    )
    show_dashboard = providers.Singleton(
        ShowDashboard, dashboard_figures, providers.Callable(budget_price, settings.provided.claude_model)
    )
    waitlist_board = providers.Singleton(WaitlistBoard, unit_of_work=metered_units, clock=clock)
    warn_of_deadlines = providers.Singleton(WarnOfDeadlines, unit_of_work=metered_units, clock=clock)
    patient_rights = providers.Singleton(
        PatientRights,
        clinics=clinics,
        unit_of_work=metered_units,
        lock=metered_lock,
        clock=clock,
        audit=audit_log,
        names=pseudonyms,
        traces=patient_traces,
    )


def build_container(settings: Settings | None = None) -> Container:
    """A container configured from ``settings`` (by default, from the environment)."""
    container = Container()
    if settings is not None:
        container.settings.override(providers.Object(settings))
    chosen = container.settings()
    container.config.from_dict(
        {
            "storage": chosen.storage,
            "nlu": chosen.nlu,
            "dedup": "redis" if chosen.dedup_cache == "redis" else "inbox",
            "locks": "redis" if chosen.with_redis else "memory",
            "sender": "graph" if chosen.sends_through_meta else "recording",
        }
    )
    return container


async def start_services(container: Container) -> None:
    """Open what the configured adapters need (database pool, Redis client, Graph API client) and
    check the schema is current; on a failure, close what was opened."""
    try:
        await _awaited(container.init_resources())
    except BaseException:
        await stop_services(container)
        raise


async def stop_services(container: Container) -> None:
    await _awaited(container.shutdown_resources())


@asynccontextmanager
async def services_open(container: Container) -> AsyncIterator[Container]:
    """The container's services open for the block (a CLI command's life), closed after it."""
    await start_services(container)
    try:
        yield container
    finally:
        await stop_services(container)


def run_command(container: Container, module: str, work: Callable[[], Awaitable[T]]) -> T:
    """Run a CLI command: ``work`` with the container's services open, and the container wired
    into ``module`` (its ``@inject`` functions get their collaborators from this container)."""

    async def main() -> T:
        async with services_open(container):
            return await work()

    container.wire(modules=[module])
    try:
        return asyncio.run(main())
    finally:
        container.unwire()


async def _awaited(done: Awaitable[None] | None) -> None:
    if done is not None:  # with async resources, dependency-injector hands back an awaitable
        await done


async def unready(container: Container) -> list[str]:
    """The services this process needs that do not answer right now (empty when ready); the
    ``clinicflow_dependency_up`` gauges follow each check."""
    settings = container.settings()
    metrics = container.metrics()
    down = []
    if settings.durable:
        up = await answered_in_time(container.database().ping())
        metrics.dependency("postgres", up)
        if not up:
            down.append("database")
    if settings.with_redis:
        up = await answered_in_time(container.redis().ping())
        metrics.dependency("redis", up)
        if not up:
            down.append("redis")
    return down


async def answered_in_time(ping: Awaitable[bool], seconds: float = 2.0) -> bool:
    """A check that hangs (a full pool, a server that stopped answering) counts as down."""
    try:
        async with asyncio.timeout(seconds):
            return await ping
    except TimeoutError:
        return False


async def exposition(container: Container) -> bytes:
    """What ``/metrics`` answers: the counters, with the dependencies checked just now."""
    await unready(container)
    return container.metrics().exposition()
