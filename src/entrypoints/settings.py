"""Every setting from the environment, validated at start with messages that name the variable."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit


class SettingsError(Exception):
    """A setting is missing or malformed: the message names the environment variable."""


def _variable(name: str, default: Any, *, secret: bool = False) -> Any:
    """A setting read from the environment variable ``name`` (kept beside it for `config check`)."""
    return field(default=default, repr=not secret, metadata={"env": name})


@dataclass(frozen=True)
class Settings:
    clinic_files: tuple[Path, ...] = _variable("CLINICFLOW_CLINIC_FILES", ())  # empty: the demo clinic
    nlu: str = _variable("CLINICFLOW_NLU", "offline")
    storage: str = _variable("CLINICFLOW_STORAGE", "memory")
    # Where turns run: "inline" in the process whose webhook accepted the message, or
    # "workers" (`clinicflow worker`, woken by PostgreSQL's NOTIFY): then `serve` only records.
    turns: str = _variable("CLINICFLOW_TURNS", "inline")
    # Redis in front of the inbox for redeliveries: "redis" or "off" (the inbox's unique key alone).
    dedup_cache: str = _variable("CLINICFLOW_DEDUP_CACHE", "off")
    session_idle: timedelta = _variable("CLINICFLOW_SESSION_IDLE_MINUTES", timedelta(hours=2))
    meta_app_secret: str = _variable("META_APP_SECRET", "", secret=True)
    meta_verify_token: str = _variable("META_VERIFY_TOKEN", "", secret=True)
    meta_access_token: str = _variable("META_ACCESS_TOKEN", "", secret=True)
    meta_graph_version: str = _variable("META_GRAPH_VERSION", "v23.0")
    meta_graph_url: str = _variable("META_GRAPH_URL", "https://graph.facebook.com")
    database_url: str = _variable("DATABASE_URL", "", secret=True)
    database_transaction_pooler: bool = _variable("DATABASE_TRANSACTION_POOLER", False)
    database_pool_size: int = _variable("DATABASE_POOL_SIZE", 10)
    anthropic_api_key: str = _variable("ANTHROPIC_API_KEY", "", secret=True)
    anthropic_base_url: str | None = _variable("ANTHROPIC_BASE_URL", None)
    claude_model: str = _variable("CLINICFLOW_CLAUDE_MODEL", "claude-haiku-4-5")
    nlu_timeout_seconds: float = _variable("CLINICFLOW_NLU_TIMEOUT_MS", 5.0)
    redis_url: str = _variable("REDIS_URL", "", secret=True)
    lock_wait: timedelta = _variable("CLINICFLOW_LOCK_WAIT_SECONDS", timedelta(seconds=10))
    lock_expiry: timedelta = _variable("CLINICFLOW_LOCK_EXPIRY_SECONDS", timedelta(seconds=30))
    lock_settle: timedelta = _variable("CLINICFLOW_LOCK_SETTLE_MS", timedelta(milliseconds=100))
    reminder_lease: timedelta = _variable("CLINICFLOW_REMINDER_LEASE_SECONDS", timedelta(minutes=5))
    reminder_max_attempts: int = _variable("CLINICFLOW_REMINDER_MAX_ATTEMPTS", 6)
    worker_poll: timedelta = _variable("CLINICFLOW_WORKER_POLL_MS", timedelta(seconds=2))
    turn_lease: timedelta = _variable("CLINICFLOW_TURN_LEASE_SECONDS", timedelta(seconds=60))
    turn_max_attempts: int = _variable("CLINICFLOW_TURN_MAX_ATTEMPTS", 5)
    turn_first_retry: timedelta = _variable("CLINICFLOW_TURN_RETRY_MS", timedelta(seconds=5))
    send_first_retry: timedelta = _variable("CLINICFLOW_SEND_RETRY_MS", timedelta(seconds=5))
    send_max_attempts: int = _variable("CLINICFLOW_SEND_MAX_ATTEMPTS", 8)
    model_calls_per_hour: int = _variable("CLINICFLOW_MODEL_CALLS_PER_HOUR", 20)
    replies_per_minute: int = _variable("CLINICFLOW_REPLIES_PER_MINUTE", 12)
    # Model tokens (read and written, cached or not) per day, in the clinic's day; past either, messages
    # are read offline.
    model_tokens_per_patient_day: int = _variable("CLINICFLOW_MODEL_TOKENS_PER_PATIENT_DAY", 50_000)
    model_tokens_per_clinic_day: int = _variable("CLINICFLOW_MODEL_TOKENS_PER_CLINIC_DAY", 2_000_000)
    clinic_cache: timedelta = _variable("CLINICFLOW_CLINIC_CACHE_MS", timedelta(seconds=5))
    sweep_every: timedelta = _variable("CLINICFLOW_SWEEP_MS", timedelta(seconds=2))
    sweep_grace: timedelta = _variable("CLINICFLOW_SWEEP_GRACE_MS", timedelta(seconds=10))
    shutdown_grace: timedelta = _variable("CLINICFLOW_SHUTDOWN_GRACE_SECONDS", timedelta(seconds=20))
    access_log: bool = _variable("CLINICFLOW_ACCESS_LOG", False)
    # When set, /metrics answers only `Authorization: Bearer <token>` (the webhook's port is public).
    metrics_token: str = _variable("CLINICFLOW_METRICS_TOKEN", "", secret=True)
    # Without a token /metrics is closed (403), unless the operator opens it to anyone who reaches
    # the port (behind a private network or a proxy that guards the path).
    metrics_public: bool = _variable("CLINICFLOW_METRICS_PUBLIC", False)
    # The worker's own /metrics port (it serves no HTTP otherwise); 0: none.
    worker_metrics_port: int = _variable("CLINICFLOW_WORKER_METRICS_PORT", 0)
    # Signs the console's CSRF tokens: the same on every replica, and kept across restarts
    # (a new one makes every open form fail once). Unset: a random one per process.
    console_secret: str = _variable("CLINICFLOW_CONSOLE_SECRET", "", secret=True)
    # A console session ends after this long without a page visited (polling does not count),
    # and this long after its sign-in whatever happens.
    console_idle: timedelta = _variable("CLINICFLOW_CONSOLE_IDLE_MINUTES", timedelta(minutes=30))
    console_lifetime: timedelta = _variable("CLINICFLOW_CONSOLE_SESSION_HOURS", timedelta(hours=12))
    # Keys the hashes that stand for phone numbers and message ids in Redis keys, logs and console
    # sessions: the same on every process that shares Redis. Unset: a random one per process,
    # refused when REDIS_URL is set.
    hash_key: str = _variable("CLINICFLOW_HASH_KEY", "", secret=True)
    log_format: str = _variable("CLINICFLOW_LOG_FORMAT", "json")
    log_level: str = _variable("CLINICFLOW_LOG_LEVEL", "info")

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        files = tuple(Path(p) for p in env.get("CLINICFLOW_CLINIC_FILES", "").split(os.pathsep) if p.strip())
        for path in files:
            if not path.is_file():
                raise SettingsError(f"CLINICFLOW_CLINIC_FILES: no such file: {path}")
        database_url = env.get("DATABASE_URL", "").strip()
        if database_url and not database_url.startswith(("postgres://", "postgresql://")):
            raise SettingsError("DATABASE_URL: must start with postgresql:// (or postgres://)")
        redis_url = env.get("REDIS_URL", "").strip()
        if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise SettingsError("REDIS_URL: must start with redis:// (or rediss:// for TLS)")
        lock_wait = timedelta(seconds=_positive_int(env, "CLINICFLOW_LOCK_WAIT_SECONDS", 10))
        lock_expiry = timedelta(seconds=_positive_int(env, "CLINICFLOW_LOCK_EXPIRY_SECONDS", 30))
        if lock_expiry < timedelta(seconds=3):
            raise SettingsError(
                "CLINICFLOW_LOCK_EXPIRY_SECONDS: must be at least 3 (it is renewed every third)"
            )
        anthropic_key = env.get("ANTHROPIC_API_KEY", "").strip()
        nlu = _choice(env, "CLINICFLOW_NLU", "claude" if anthropic_key else "offline", ("offline", "claude"))
        if nlu == "claude" and not anthropic_key:
            raise SettingsError("ANTHROPIC_API_KEY must be set when CLINICFLOW_NLU is claude")
        storage = _choice(env, "CLINICFLOW_STORAGE", "postgres" if database_url else "memory", STORAGES)
        if storage == "postgres" and not database_url:
            raise SettingsError("DATABASE_URL must be set when CLINICFLOW_STORAGE is postgres")
        turns = _choice(env, "CLINICFLOW_TURNS", "inline", TURNS)
        # With PostgreSQL, recording a message is the dedup (one INSERT ... ON CONFLICT): a Redis
        # lookup first would cost two round trips per delivery to save one on a rare redelivery.
        dedup_cache = _choice(
            env,
            "CLINICFLOW_DEDUP_CACHE",
            "redis" if redis_url and storage == "memory" else "off",
            ("redis", "off"),
        )
        if dedup_cache == "redis" and not redis_url:
            raise SettingsError("CLINICFLOW_DEDUP_CACHE: redis needs REDIS_URL")
        if turns == "workers" and storage != "postgres":
            raise SettingsError(
                "CLINICFLOW_TURNS: workers need DATABASE_URL (PostgreSQL): they take messages from its inbox"
            )
        return cls(
            clinic_files=files,
            nlu=nlu,
            anthropic_api_key=anthropic_key,
            anthropic_base_url=_url(env, "ANTHROPIC_BASE_URL", "") if env.get("ANTHROPIC_BASE_URL") else None,
            claude_model=env.get("CLINICFLOW_CLAUDE_MODEL", "").strip() or "claude-haiku-4-5",
            nlu_timeout_seconds=float(_positive_int(env, "CLINICFLOW_NLU_TIMEOUT_MS", 5000)) / 1000,
            storage=storage,
            turns=turns,
            dedup_cache=dedup_cache,
            session_idle=timedelta(minutes=_positive_int(env, "CLINICFLOW_SESSION_IDLE_MINUTES", 120)),
            meta_app_secret=env.get("META_APP_SECRET", ""),
            meta_verify_token=env.get("META_VERIFY_TOKEN", ""),
            meta_access_token=env.get("META_ACCESS_TOKEN", "").strip(),
            meta_graph_version=_graph_version(env),
            meta_graph_url=_url(env, "META_GRAPH_URL", "https://graph.facebook.com"),
            database_url=database_url,
            database_transaction_pooler=_flag(env, "DATABASE_TRANSACTION_POOLER"),
            database_pool_size=_positive_int(env, "DATABASE_POOL_SIZE", 10),
            redis_url=redis_url,
            lock_wait=lock_wait,
            lock_expiry=lock_expiry,
            lock_settle=timedelta(
                milliseconds=_positive_int(env, "CLINICFLOW_LOCK_SETTLE_MS", 100, zero=True)
            ),
            reminder_lease=timedelta(seconds=_positive_int(env, "CLINICFLOW_REMINDER_LEASE_SECONDS", 300)),
            reminder_max_attempts=_positive_int(env, "CLINICFLOW_REMINDER_MAX_ATTEMPTS", 6),
            worker_poll=timedelta(milliseconds=_positive_int(env, "CLINICFLOW_WORKER_POLL_MS", 2000)),
            turn_lease=timedelta(seconds=_positive_int(env, "CLINICFLOW_TURN_LEASE_SECONDS", 60)),
            turn_max_attempts=_positive_int(env, "CLINICFLOW_TURN_MAX_ATTEMPTS", 5),
            turn_first_retry=timedelta(
                milliseconds=_positive_int(env, "CLINICFLOW_TURN_RETRY_MS", 5000, zero=True)
            ),
            send_first_retry=timedelta(
                milliseconds=_positive_int(env, "CLINICFLOW_SEND_RETRY_MS", 5000, zero=True)
            ),
            send_max_attempts=_positive_int(env, "CLINICFLOW_SEND_MAX_ATTEMPTS", 8),
            model_calls_per_hour=_positive_int(env, "CLINICFLOW_MODEL_CALLS_PER_HOUR", 20),
            replies_per_minute=_positive_int(env, "CLINICFLOW_REPLIES_PER_MINUTE", 12),
            model_tokens_per_patient_day=_positive_int(
                env, "CLINICFLOW_MODEL_TOKENS_PER_PATIENT_DAY", 50_000
            ),
            model_tokens_per_clinic_day=_positive_int(
                env, "CLINICFLOW_MODEL_TOKENS_PER_CLINIC_DAY", 2_000_000
            ),
            clinic_cache=timedelta(
                milliseconds=_positive_int(env, "CLINICFLOW_CLINIC_CACHE_MS", 5000, zero=True)
            ),
            sweep_every=timedelta(milliseconds=_positive_int(env, "CLINICFLOW_SWEEP_MS", 2000)),
            sweep_grace=timedelta(
                milliseconds=_positive_int(env, "CLINICFLOW_SWEEP_GRACE_MS", 10000, zero=True)
            ),
            shutdown_grace=timedelta(seconds=_positive_int(env, "CLINICFLOW_SHUTDOWN_GRACE_SECONDS", 20)),
            access_log=_flag(env, "CLINICFLOW_ACCESS_LOG"),
            metrics_token=env.get("CLINICFLOW_METRICS_TOKEN", "").strip(),
            metrics_public=_flag(env, "CLINICFLOW_METRICS_PUBLIC"),
            worker_metrics_port=_port(env, "CLINICFLOW_WORKER_METRICS_PORT"),
            console_secret=_console_secret(env),
            console_idle=timedelta(minutes=_positive_int(env, "CLINICFLOW_CONSOLE_IDLE_MINUTES", 30)),
            console_lifetime=timedelta(hours=_positive_int(env, "CLINICFLOW_CONSOLE_SESSION_HOURS", 12)),
            hash_key=_hash_key(env, with_redis=bool(redis_url)),
            log_format=_choice(env, "CLINICFLOW_LOG_FORMAT", "json", ("json", "text")),
            log_level=_choice(env, "CLINICFLOW_LOG_LEVEL", "info", ("debug", "info", "warning", "error")),
        )

    def require_database(self) -> str:
        if not self.database_url:
            raise SettingsError("DATABASE_URL must be set (postgresql://user:password@host:5432/database)")
        return self.database_url

    def described(self) -> list[tuple[str, str]]:
        """Every setting as `clinicflow config check` prints it, by its environment variable and in
        that variable's unit: secrets only as set or not set, addresses without their passwords."""
        lines = []
        for item in fields(self):
            name, value = item.metadata["env"], getattr(self, item.name)
            if item.name in ("database_url", "redis_url"):
                shown = _without_password(value) if value else "not set"
            elif not item.repr:
                shown = "set (hidden)" if value else "not set"
            elif isinstance(value, timedelta):
                shown = _in_unit_of(name, value)
            elif name.endswith("_MS"):
                shown = f"{value * 1000:g} ms"
            elif isinstance(value, tuple):
                shown = os.pathsep.join(str(v) for v in value) or "not set"
            elif isinstance(value, bool):
                shown = "true" if value else "false"
            else:
                shown = str(value) if value not in (None, "") else "not set"
            lines.append((name, shown))
        return lines

    def require_webhook_secrets(self) -> None:
        """The webhook cannot verify anything without these: refuse to serve rather than accept all."""
        for name, value in (
            ("META_APP_SECRET", self.meta_app_secret),
            ("META_VERIFY_TOKEN", self.meta_verify_token),
        ):
            if not value:
                raise SettingsError(f"{name} must be set to serve the WhatsApp webhook")


_UNITS = {"_MS": ("ms", 0.001), "_SECONDS": ("s", 1.0), "_MINUTES": ("min", 60.0), "_HOURS": ("h", 3600.0)}


def _in_unit_of(variable: str, value: timedelta) -> str:
    """``value`` as the variable takes it: CLINICFLOW_LOCK_SETTLE_MS shows ``100 ms``."""
    for suffix, (unit, seconds) in _UNITS.items():
        if variable.endswith(suffix):
            return f"{value.total_seconds() / seconds:g} {unit}"
    return f"{value.total_seconds():g} s"


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit((parts.scheme, f"{user}{host}{port}", parts.path, parts.query, parts.fragment))


STORAGES = ("memory", "postgres")
TURNS = ("inline", "workers")


def _graph_version(env: Mapping[str, str]) -> str:
    version = env.get("META_GRAPH_VERSION", "").strip() or "v23.0"
    if not re.fullmatch(r"v\d+\.\d+", version):
        raise SettingsError(f"META_GRAPH_VERSION: {version!r} is not a Graph API version like v23.0")
    return version


def _url(env: Mapping[str, str], name: str, default: str) -> str:
    url = (env.get(name, "").strip() or default).rstrip("/")
    if not url.startswith(("https://", "http://")):
        raise SettingsError(f"{name}: must be an http(s) URL")
    return url


def _flag(env: Mapping[str, str], name: str) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    raise SettingsError(f"{name}: {raw!r} is not a yes/no value (use true or false)")


def _choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = env.get(name, default).strip().lower() or default
    if value not in allowed:
        raise SettingsError(f"{name}: {value!r} is not one of {', '.join(allowed)}")
    return value


def _console_secret(env: Mapping[str, str]) -> str:
    secret = env.get("CLINICFLOW_CONSOLE_SECRET", "").strip()
    if secret and len(secret) < 32:
        raise SettingsError("CLINICFLOW_CONSOLE_SECRET: use at least 32 characters (openssl rand -hex 32)")
    return secret


def _hash_key(env: Mapping[str, str], *, with_redis: bool) -> str:
    key = env.get("CLINICFLOW_HASH_KEY", "").strip()
    if key and len(key) < 32:
        raise SettingsError("CLINICFLOW_HASH_KEY: use at least 32 characters (openssl rand -hex 32)")
    if not key and with_redis:
        raise SettingsError(
            "CLINICFLOW_HASH_KEY must be set when REDIS_URL is set: it keys the hashes that stand for "
            "phone numbers in Redis, and every process sharing that Redis needs the same one "
            "(openssl rand -hex 32)"
        )
    return key


def _port(env: Mapping[str, str], name: str) -> int:
    port = _positive_int(env, name, 0, zero=True)
    if port > 65535:
        raise SettingsError(f"{name}: {port} is not a TCP port (1-65535, or 0 for none)")
    return port


def _positive_int(env: Mapping[str, str], name: str, default: int, *, zero: bool = False) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}: {raw!r} is not a whole number") from None
    if value < 0 or (value == 0 and not zero):
        raise SettingsError(f"{name}: must be {'zero or more' if zero else 'positive'}, got {value}")
    return value
