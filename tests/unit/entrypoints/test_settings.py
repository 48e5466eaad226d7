"""Settings come from the environment and are checked at start, naming the variable at fault."""

from __future__ import annotations

import hashlib
from dataclasses import fields
from typing import Any

import pytest

from domain.ids import PatientAddress
from entrypoints.container import build_container
from entrypoints.settings import Settings, SettingsError

URL = "postgresql://clinic:s3cret@db.example.com:6543/postgres?sslmode=require"
HASH_KEY = "h" * 32


def test_with_nothing_set_everything_runs_in_memory() -> None:
    settings = Settings.from_environment({})
    assert settings.storage == "memory"
    assert settings.database_url == ""
    assert not settings.database_transaction_pooler


def test_a_database_url_switches_storage_to_postgres() -> None:
    settings = Settings.from_environment({"DATABASE_URL": URL, "DATABASE_TRANSACTION_POOLER": "true"})
    assert settings.storage == "postgres"
    assert settings.database_url == URL
    assert settings.database_transaction_pooler
    # The container wires the PostgreSQL adapters, without connecting anywhere yet.
    container = build_container(settings)
    assert type(container.clinics()).__name__ == "CachedClinicDirectory"
    assert type(container.unit_of_work()).__name__ == "PostgresUnitOfWorkFactory"
    assert type(container.deduplicating_inbox()).__name__ == "PostgresInbox"
    assert container.database().options.transaction_pooler


def test_the_access_log_is_off_unless_asked_for() -> None:
    assert not Settings.from_environment({}).access_log
    assert Settings.from_environment({"CLINICFLOW_ACCESS_LOG": "true"}).access_log


def test_turns_run_inline_unless_workers_are_chosen() -> None:
    # What each choice does is tested end to end in tests/integration/faults/test_workers.py.
    assert Settings.from_environment({}).turns == "inline"
    assert Settings.from_environment({"DATABASE_URL": URL, "CLINICFLOW_TURNS": "workers"}).turns == "workers"


def test_memory_storage_can_be_forced_even_with_a_url() -> None:
    settings = Settings.from_environment({"DATABASE_URL": URL, "CLINICFLOW_STORAGE": "memory"})
    assert settings.storage == "memory"
    assert type(build_container(settings).unit_of_work()).__name__ == "InMemoryUnitOfWorkFactory"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CLINICFLOW_STORAGE": "postgres"}, "DATABASE_URL must be set"),
        ({"CLINICFLOW_TURNS": "workers"}, "CLINICFLOW_TURNS: workers need DATABASE_URL"),
        ({"CLINICFLOW_DEDUP_CACHE": "redis"}, "CLINICFLOW_DEDUP_CACHE: redis needs REDIS_URL"),
        ({"DATABASE_URL": URL, "CLINICFLOW_TURNS": "elsewhere"}, "CLINICFLOW_TURNS: 'elsewhere' is not one"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL: must start with postgresql://"),
        ({"DATABASE_URL": URL, "DATABASE_TRANSACTION_POOLER": "maybe"}, "DATABASE_TRANSACTION_POOLER"),
        ({"DATABASE_URL": URL, "DATABASE_POOL_SIZE": "0"}, "DATABASE_POOL_SIZE"),
        ({"CLINICFLOW_STORAGE": "sqlite"}, "CLINICFLOW_STORAGE"),
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_environment(env)


def test_secrets_stay_out_of_the_settings_repr() -> None:
    settings = Settings.from_environment({"DATABASE_URL": URL, "META_APP_SECRET": "app-secret"})
    assert "s3cret" not in repr(settings)
    assert "app-secret" not in repr(settings)
    assert "s3cret" not in build_container(settings).database().options.where


def test_a_redis_url_puts_dedup_and_locks_on_redis() -> None:
    settings = Settings.from_environment(
        {
            "REDIS_URL": "redis://:pw@cache:6379/0",
            "CLINICFLOW_LOCK_WAIT_SECONDS": "5",
            "CLINICFLOW_HASH_KEY": HASH_KEY,
        }
    )
    container = build_container(settings)
    assert type(container.deduplicating_inbox()).__name__ == "CachedInbox"
    assert type(container.lock()).__name__ == "RedisConversationLock"
    assert container.redis().where == "cache:6379/0"
    assert "pw" not in repr(settings)
    # With PostgreSQL, recording a message is its dedup; Redis in front of it only when asked for.
    both = build_container(
        Settings.from_environment(
            {"REDIS_URL": "redis://cache", "DATABASE_URL": URL, "CLINICFLOW_HASH_KEY": HASH_KEY}
        )
    )
    assert type(both.deduplicating_inbox()).__name__ == "PostgresInbox"
    assert type(both.lock()).__name__ == "RedisConversationLock"
    cached = Settings.from_environment(
        {
            "REDIS_URL": "redis://cache",
            "DATABASE_URL": URL,
            "CLINICFLOW_DEDUP_CACHE": "redis",
            "CLINICFLOW_HASH_KEY": HASH_KEY,
        }
    )
    assert type(build_container(cached).deduplicating_inbox()).__name__ == "CachedInbox"
    assert type(both.durable_inbox()).__name__ == "PostgresInbox"


def test_hashes_are_keyed_by_the_configured_key_and_differ_without_it() -> None:
    patient = PatientAddress("56912345678")
    keyed = Settings.from_environment({"CLINICFLOW_HASH_KEY": HASH_KEY})
    same = build_container(keyed).pseudonyms().patient(patient)
    assert same == build_container(keyed).pseudonyms().patient(patient)  # every process agrees
    assert "56912345678" not in same
    assert hashlib.sha256(f"phone:{patient.value}".encode()).hexdigest()[:32] != same
    # Without a key each process has its own (fine while nothing it names is shared).
    first, second = (build_container(Settings.from_environment({})).pseudonyms() for _ in range(2))
    assert first.patient(patient) != second.patient(patient)


def test_without_redis_dedup_and_locks_stay_in_process() -> None:
    container = build_container(Settings.from_environment({}))
    assert type(container.deduplicating_inbox()).__name__ == "InMemoryInbox"
    assert type(container.lock()).__name__ == "InMemoryConversationLock"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"REDIS_URL": "http://cache"}, "REDIS_URL: must start with redis://"),
        ({"CLINICFLOW_LOCK_EXPIRY_SECONDS": "2"}, "CLINICFLOW_LOCK_EXPIRY_SECONDS"),
        ({"CLINICFLOW_LOCK_SETTLE_MS": "-1"}, "CLINICFLOW_LOCK_SETTLE_MS"),
        ({"REDIS_URL": "redis://cache"}, "CLINICFLOW_HASH_KEY must be set when REDIS_URL is set"),
        ({"CLINICFLOW_HASH_KEY": "short"}, "CLINICFLOW_HASH_KEY: use at least 32 characters"),
    ],
)
def test_bad_redis_settings_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_environment(env)


def test_an_anthropic_key_puts_claude_behind_the_offline_reader() -> None:
    settings = Settings.from_environment(
        {"ANTHROPIC_API_KEY": "sk-ant-secret", "CLINICFLOW_NLU_TIMEOUT_MS": "3000"}
    )
    assert settings.nlu == "claude"
    assert "sk-ant-secret" not in repr(settings)
    container = build_container(settings)
    assert type(container.nlu()).__name__ == "HybridNlu"
    assert container.claude().config.timeout_seconds == 3.0
    assert container.claude().config.model == "claude-haiku-4-5"
    assert type(build_container(Settings.from_environment({})).nlu()).__name__ == "OfflineNlu"
    with pytest.raises(SettingsError, match="ANTHROPIC_API_KEY must be set"):
        Settings.from_environment({"CLINICFLOW_NLU": "claude"})


def test_the_effective_configuration_is_printable_without_a_secret_in_it() -> None:
    env = {
        "DATABASE_URL": URL,
        "REDIS_URL": "redis://:redis-pw@cache:6379/0",
        "CLINICFLOW_HASH_KEY": "hash-key-" + "k" * 32,
        "META_APP_SECRET": "app-secret",
        "META_ACCESS_TOKEN": "EAAGtoken",
        "ANTHROPIC_API_KEY": "sk-ant-key",
        "CLINICFLOW_TURNS": "workers",
    }
    described = dict(Settings.from_environment(env).described())
    printed = repr(described)
    for secret in ("s3cret", "redis-pw", "app-secret", "EAAGtoken", "sk-ant-key", "hash-key-"):
        assert secret not in printed
    assert described["DATABASE_URL"] == "postgresql://clinic:***@db.example.com:6543/postgres?sslmode=require"
    assert described["REDIS_URL"] == "redis://:***@cache:6379/0"
    assert described["META_APP_SECRET"] == "set (hidden)"
    assert described["META_VERIFY_TOKEN"] == "not set"
    assert described["CLINICFLOW_TURNS"] == "workers"
    # Each in the unit its variable takes.
    assert described["CLINICFLOW_TURN_LEASE_SECONDS"] == "60 s"
    assert described["CLINICFLOW_LOCK_SETTLE_MS"] == "100 ms"
    assert described["CLINICFLOW_NLU_TIMEOUT_MS"] == "5000 ms"
    assert described["CLINICFLOW_SESSION_IDLE_MINUTES"] == "120 min"


class _Watched(dict[str, str]):
    """An environment that notes every variable asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.asked.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> str:
        self.asked.add(key)
        return super().__getitem__(key)


def test_config_check_names_exactly_the_variables_the_settings_are_read_from() -> None:
    env = _Watched()
    printed = {name for name, _ in Settings.from_environment(env).described()}
    assert printed == env.asked


def test_config_check_prints_the_configuration_or_names_the_bad_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from entrypoints.cli import main

    monkeypatch.setenv("DATABASE_URL", URL)
    assert main(["config", "check"]) == 0
    printed = capsys.readouterr().out
    assert "configuration ok" in printed
    assert "s3cret" not in printed
    monkeypatch.setenv("CLINICFLOW_TURN_LEASE_SECONDS", "abc")
    assert main(["config", "check"]) == 2
    assert "CLINICFLOW_TURN_LEASE_SECONDS" in capsys.readouterr().err


def test_console_sessions_end_after_their_idle_time_and_lifetime() -> None:
    default = Settings.from_environment({})
    assert (default.console_idle.total_seconds(), default.console_lifetime.total_seconds()) == (1800, 43200)
    described = dict(
        Settings.from_environment(
            {"CLINICFLOW_CONSOLE_IDLE_MINUTES": "15", "CLINICFLOW_CONSOLE_SESSION_HOURS": "8"}
        ).described()
    )
    assert described["CLINICFLOW_CONSOLE_IDLE_MINUTES"] == "15 min"
    assert described["CLINICFLOW_CONSOLE_SESSION_HOURS"] == "8 h"
    for name in ("CLINICFLOW_CONSOLE_IDLE_MINUTES", "CLINICFLOW_CONSOLE_SESSION_HOURS"):
        for bad in ("0", "-1", "half"):
            with pytest.raises(SettingsError, match=name):
                Settings.from_environment({name: bad})


def test_each_default_is_declared_once_and_an_empty_environment_gives_exactly_the_defaults() -> None:
    assert Settings.from_environment({}) == Settings()


def test_a_blank_variable_counts_as_unset() -> None:
    blank = {item.metadata["env"]: "   " for item in fields(Settings)}
    assert Settings.from_environment(blank) == Settings()


def test_voice_notes_are_heard_only_with_a_transcriber_and_the_graph_api() -> None:
    assert build_container(Settings.from_environment({})).listening() is None
    env = {
        "CLINICFLOW_SPEECH_URL": "https://api.openai.com/v1/",
        "CLINICFLOW_SPEECH_API_KEY": "sk-secret-key",
        "CLINICFLOW_SPEECH_LANGUAGE": "ES",
        "META_ACCESS_TOKEN": "EAAG-token",
    }
    settings = Settings.from_environment(env)
    assert settings.transcribes
    assert (settings.speech_url, settings.speech_language, settings.media_max_mb) == (
        "https://api.openai.com/v1",
        "es",
        16,
    )
    assert "sk-secret-key" not in repr(settings)
    listening = build_container(settings).listening()
    assert listening is not None
    assert listening.language == "es"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"CLINICFLOW_SPEECH_URL": "https://api.openai.com/v1"},
            "CLINICFLOW_SPEECH_URL needs META_ACCESS_TOKEN",
        ),
        ({"CLINICFLOW_SPEECH_URL": "api.openai.com"}, "CLINICFLOW_SPEECH_URL: must be an http(s) URL"),
        ({"CLINICFLOW_SPEECH_LANGUAGE": "español"}, "CLINICFLOW_SPEECH_LANGUAGE"),
        ({"CLINICFLOW_MEDIA_MAX_MB": "0"}, "CLINICFLOW_MEDIA_MAX_MB"),
    ],
)
def test_bad_voice_note_settings_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Settings.from_environment(env)
