"""Every setting from the environment, declared once, validated at start with messages that name
the variable.

Each field of ``Settings`` names its environment variable, its default (what an empty
environment gives) and how its text is read (``_variable``). ``from_environment`` reads every
field that way, fills the defaults that follow from other settings, and checks the rules
between settings. Nothing else reads the environment.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

Reader = Callable[[str, str], Any]  # (variable, its text, stripped unless told) -> the value


class SettingsError(Exception):
    """A setting is missing or malformed: the message names the environment variable."""


STORAGES = ("memory", "postgres")
TURNS = ("inline", "workers")


def _text(name: str, raw: str) -> str:
    return raw


def _whole(*, zero: bool = False, least: int | None = None, why: str = "") -> Callable[[str, str], int]:
    """A whole number: positive (or zero too), at least ``least`` when given."""

    def read(name: str, raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise SettingsError(f"{name}: {raw!r} is not a whole number") from None
        if value < 0 or (value == 0 and not zero):
            raise SettingsError(f"{name}: must be {'zero or more' if zero else 'positive'}, got {value}")
        if least is not None and value < least:
            raise SettingsError(f"{name}: must be at least {least}{why}")
        return value

    return read


_UNITS = {"_MS": ("ms", 0.001), "_SECONDS": ("s", 1.0), "_MINUTES": ("min", 60.0), "_HOURS": ("h", 3600.0)}


def _unit(variable: str) -> tuple[str, float]:
    """The unit a variable is given in, from its name's ending (``_MS``: milliseconds ...)."""
    return next((unit for suffix, unit in _UNITS.items() if variable.endswith(suffix)), ("s", 1.0))


def _duration(*, zero: bool = False, least: int | None = None, why: str = "") -> Reader:
    """A whole number of the variable's unit (``..._MS``, ``..._SECONDS``, ...), as a ``timedelta``."""
    whole = _whole(zero=zero, least=least, why=why)
    return lambda name, raw: timedelta(seconds=whole(name, raw) * _unit(name)[1])


def _seconds(name: str, raw: str) -> float:
    """A positive whole number of the variable's unit, in seconds (a float, for client timeouts)."""
    return _whole()(name, raw) * _unit(name)[1]


def _choice(*allowed: str) -> Reader:
    def read(name: str, raw: str) -> str:
        value = raw.lower()
        if value not in allowed:
            raise SettingsError(f"{name}: {value!r} is not one of {', '.join(allowed)}")
        return value

    return read


def _flag(name: str, raw: str) -> bool:
    value = raw.lower()
    if value in ("0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise SettingsError(f"{name}: {value!r} is not a yes/no value (use true or false)")


def _http_url(name: str, raw: str) -> str:
    url = raw.rstrip("/")
    if not url.startswith(("https://", "http://")):
        raise SettingsError(f"{name}: must be an http(s) URL")
    return url


def _database_url(name: str, raw: str) -> str:
    if not raw.startswith(("postgres://", "postgresql://")):
        raise SettingsError(f"{name}: must start with postgresql:// (or postgres://)")
    return raw


def _redis_url(name: str, raw: str) -> str:
    if not raw.startswith(("redis://", "rediss://", "unix://")):
        raise SettingsError(f"{name}: must start with redis:// (or rediss:// for TLS)")
    return raw


def _files(name: str, raw: str) -> tuple[Path, ...]:
    files = tuple(Path(p) for p in raw.split(os.pathsep) if p.strip())
    for path in files:
        if not path.is_file():
            raise SettingsError(f"{name}: no such file: {path}")
    return files


def _graph_version(name: str, raw: str) -> str:
    if not re.fullmatch(r"v\d+\.\d+", raw):
        raise SettingsError(f"{name}: {raw!r} is not a Graph API version like v23.0")
    return raw


def _port(name: str, raw: str) -> int:
    port = _whole(zero=True)(name, raw)
    if port > 65535:
        raise SettingsError(f"{name}: {port} is not a TCP port (1-65535, or 0 for none)")
    return port


def _language(name: str, raw: str) -> str:
    value = raw.lower()
    if not re.fullmatch(r"[a-z]{2,3}", value):
        raise SettingsError(f"{name}: {raw!r} is not an ISO 639-1 language code like es")
    return value


def _key(name: str, raw: str) -> str:
    """A secret that keys signatures or hashes: long enough to resist guessing."""
    if len(raw) < 32:
        raise SettingsError(f"{name}: use at least 32 characters (openssl rand -hex 32)")
    return raw


def _variable(
    name: str, default: Any, read: Reader = _text, *, secret: bool = False, strip: bool = True
) -> Any:
    """A setting read from the environment variable ``name`` by ``read``; ``default`` when it is
    unset or blank. ``secret`` keeps it out of reprs and ``config check``; ``strip=False`` keeps
    surrounding spaces (a shared secret is compared byte for byte)."""
    return field(default=default, repr=not secret, metadata={"env": name, "read": read, "strip": strip})


@dataclass(frozen=True)
class Settings:
    """What ``serve``, ``worker`` and the CLI run with. The defaults are what an empty environment gives."""

    clinic_files: tuple[Path, ...] = _variable(
        "CLINICFLOW_CLINIC_FILES", (), _files
    )  # empty: the demo clinic
    nlu: str = _variable("CLINICFLOW_NLU", "offline", _choice("offline", "claude"))
    storage: str = _variable("CLINICFLOW_STORAGE", "memory", _choice(*STORAGES))
    # Where turns run: "inline" in the process whose webhook accepted the message, or
    # "workers" (`clinicflow worker`, woken by PostgreSQL's NOTIFY): then `serve` only records.
    turns: str = _variable("CLINICFLOW_TURNS", "inline", _choice(*TURNS))
    # Redis in front of the inbox for redeliveries: "redis" or "off" (the inbox's unique key alone).
    dedup_cache: str = _variable("CLINICFLOW_DEDUP_CACHE", "off", _choice("redis", "off"))
    session_idle: timedelta = _variable("CLINICFLOW_SESSION_IDLE_MINUTES", timedelta(hours=2), _duration())
    meta_app_secret: str = _variable("META_APP_SECRET", "", secret=True, strip=False)
    meta_verify_token: str = _variable("META_VERIFY_TOKEN", "", secret=True, strip=False)
    meta_access_token: str = _variable("META_ACCESS_TOKEN", "", secret=True)
    meta_graph_version: str = _variable("META_GRAPH_VERSION", "v23.0", _graph_version)
    meta_graph_url: str = _variable("META_GRAPH_URL", "https://graph.facebook.com", _http_url)
    database_url: str = _variable("DATABASE_URL", "", _database_url, secret=True)
    database_transaction_pooler: bool = _variable("DATABASE_TRANSACTION_POOLER", False, _flag)
    database_pool_size: int = _variable("DATABASE_POOL_SIZE", 20, _whole())  # a turn may hold two at once
    # Voice notes: an OpenAI-compatible transcription server (its base URL, up to /v1); unset: not heard.
    speech_url: str = _variable("CLINICFLOW_SPEECH_URL", "", _http_url)
    speech_model: str = _variable("CLINICFLOW_SPEECH_MODEL", "whisper-1")
    speech_language: str = _variable("CLINICFLOW_SPEECH_LANGUAGE", "es", _language)
    speech_api_key: str = _variable("CLINICFLOW_SPEECH_API_KEY", "", secret=True)
    speech_timeout_seconds: float = _variable("CLINICFLOW_SPEECH_TIMEOUT_MS", 30.0, _seconds)
    media_max_mb: int = _variable("CLINICFLOW_MEDIA_MAX_MB", 16, _whole())
    anthropic_api_key: str = _variable("ANTHROPIC_API_KEY", "", secret=True)
    anthropic_base_url: str | None = _variable("ANTHROPIC_BASE_URL", None, _http_url)
    claude_model: str = _variable("CLINICFLOW_CLAUDE_MODEL", "claude-haiku-4-5")
    nlu_timeout_seconds: float = _variable("CLINICFLOW_NLU_TIMEOUT_MS", 5.0, _seconds)
    redis_url: str = _variable("REDIS_URL", "", _redis_url, secret=True)
    lock_wait: timedelta = _variable("CLINICFLOW_LOCK_WAIT_SECONDS", timedelta(seconds=10), _duration())
    lock_expiry: timedelta = _variable(
        "CLINICFLOW_LOCK_EXPIRY_SECONDS",
        timedelta(seconds=30),
        _duration(least=3, why=" (it is renewed every third)"),
    )
    lock_settle: timedelta = _variable(
        "CLINICFLOW_LOCK_SETTLE_MS", timedelta(milliseconds=100), _duration(zero=True)
    )
    reminder_lease: timedelta = _variable(
        "CLINICFLOW_REMINDER_LEASE_SECONDS", timedelta(minutes=5), _duration()
    )
    reminder_max_attempts: int = _variable("CLINICFLOW_REMINDER_MAX_ATTEMPTS", 6, _whole())
    worker_poll: timedelta = _variable("CLINICFLOW_WORKER_POLL_MS", timedelta(seconds=2), _duration())
    # How often the worker forgets what each clinic's retention periods no longer cover.
    retention_every: timedelta = _variable(
        "CLINICFLOW_RETENTION_EVERY_SECONDS", timedelta(hours=1), _duration()
    )
    turn_lease: timedelta = _variable("CLINICFLOW_TURN_LEASE_SECONDS", timedelta(seconds=60), _duration())
    turn_max_attempts: int = _variable("CLINICFLOW_TURN_MAX_ATTEMPTS", 5, _whole())
    turn_first_retry: timedelta = _variable(
        "CLINICFLOW_TURN_RETRY_MS", timedelta(seconds=5), _duration(zero=True)
    )
    send_first_retry: timedelta = _variable(
        "CLINICFLOW_SEND_RETRY_MS", timedelta(seconds=5), _duration(zero=True)
    )
    send_max_attempts: int = _variable("CLINICFLOW_SEND_MAX_ATTEMPTS", 8, _whole())
    model_calls_per_hour: int = _variable("CLINICFLOW_MODEL_CALLS_PER_HOUR", 20, _whole())
    replies_per_minute: int = _variable("CLINICFLOW_REPLIES_PER_MINUTE", 12, _whole())
    # Model tokens (read and written, cached or not) per day, in the clinic's day; past either, messages
    # are read offline.
    model_tokens_per_patient_day: int = _variable("CLINICFLOW_MODEL_TOKENS_PER_PATIENT_DAY", 50_000, _whole())
    model_tokens_per_clinic_day: int = _variable(
        "CLINICFLOW_MODEL_TOKENS_PER_CLINIC_DAY", 2_000_000, _whole()
    )
    clinic_cache: timedelta = _variable(
        "CLINICFLOW_CLINIC_CACHE_MS", timedelta(seconds=5), _duration(zero=True)
    )
    sweep_every: timedelta = _variable("CLINICFLOW_SWEEP_MS", timedelta(seconds=2), _duration())
    sweep_grace: timedelta = _variable(
        "CLINICFLOW_SWEEP_GRACE_MS", timedelta(seconds=10), _duration(zero=True)
    )
    shutdown_grace: timedelta = _variable(
        "CLINICFLOW_SHUTDOWN_GRACE_SECONDS", timedelta(seconds=20), _duration()
    )
    access_log: bool = _variable("CLINICFLOW_ACCESS_LOG", False, _flag)
    # When set, /metrics answers only `Authorization: Bearer <token>` (the webhook's port is public).
    metrics_token: str = _variable("CLINICFLOW_METRICS_TOKEN", "", secret=True)
    # Without a token /metrics is closed (403), unless the operator opens it to anyone who reaches
    # the port (behind a private network or a proxy that guards the path).
    metrics_public: bool = _variable("CLINICFLOW_METRICS_PUBLIC", False, _flag)
    # The worker's own /metrics port (it serves no HTTP otherwise); 0: none.
    worker_metrics_port: int = _variable("CLINICFLOW_WORKER_METRICS_PORT", 0, _port)
    # Signs the console's CSRF tokens: the same on every replica, and kept across restarts
    # (a new one makes every open form fail once). Unset: a random one per process.
    console_secret: str = _variable("CLINICFLOW_CONSOLE_SECRET", "", _key, secret=True)
    # A console session ends after this long without a page visited (polling does not count),
    # and this long after its sign-in whatever happens.
    console_idle: timedelta = _variable("CLINICFLOW_CONSOLE_IDLE_MINUTES", timedelta(minutes=30), _duration())
    console_lifetime: timedelta = _variable(
        "CLINICFLOW_CONSOLE_SESSION_HOURS", timedelta(hours=12), _duration()
    )
    # Keys the hashes that stand for phone numbers and message ids in Redis keys, logs and console
    # sessions: the same on every process that shares Redis. Unset: a random one per process,
    # refused when REDIS_URL is set.
    hash_key: str = _variable("CLINICFLOW_HASH_KEY", "", _key, secret=True)
    # Signs the alerts POSTed to a clinic's [handoff] alert_webhook_url (HMAC-SHA256 of the body in
    # X-ClinicFlow-Signature). Unset: no alert is sent (they wait in the database until it is set).
    alert_webhook_secret: str = _variable("CLINICFLOW_ALERT_WEBHOOK_SECRET", "", secret=True)
    log_format: str = _variable("CLINICFLOW_LOG_FORMAT", "json", _choice("json", "text"))
    log_level: str = _variable("CLINICFLOW_LOG_LEVEL", "info", _choice("debug", "info", "warning", "error"))

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for item in fields(cls):
            name = item.metadata["env"]
            raw = env.get(name, "")
            raw = raw.strip() if item.metadata["strip"] else raw
            if raw.strip():
                values[item.name] = item.metadata["read"](name, raw)
        # Defaults that follow from other settings, where their own variable is unset.
        values.setdefault("nlu", "claude" if values.get("anthropic_api_key") else "offline")
        values.setdefault("storage", "postgres" if values.get("database_url") else "memory")
        # With PostgreSQL, recording a message is the dedup (one INSERT ... ON CONFLICT): a Redis
        # lookup first would cost two round trips per delivery to save one on a rare redelivery.
        with_redis_only = values.get("redis_url") and values["storage"] == "memory"
        values.setdefault("dedup_cache", "redis" if with_redis_only else "off")
        settings = cls(**values)
        settings.check()
        return settings

    def check(self) -> None:
        """The rules between settings; each message names the variable to change."""
        if self.nlu == "claude" and not self.anthropic_api_key:
            raise SettingsError("ANTHROPIC_API_KEY must be set when CLINICFLOW_NLU is claude")
        if self.storage == "postgres" and not self.database_url:
            raise SettingsError("DATABASE_URL must be set when CLINICFLOW_STORAGE is postgres")
        if self.dedup_cache == "redis" and not self.redis_url:
            raise SettingsError("CLINICFLOW_DEDUP_CACHE: redis needs REDIS_URL")
        if self.turns == "workers" and self.storage != "postgres":
            raise SettingsError(
                "CLINICFLOW_TURNS: workers need DATABASE_URL (PostgreSQL): they take messages from its inbox"
            )
        if self.speech_url and not self.meta_access_token:
            raise SettingsError(
                "CLINICFLOW_SPEECH_URL needs META_ACCESS_TOKEN: voice notes are fetched from the Graph API"
            )
        if self.redis_url and not self.hash_key:
            raise SettingsError(
                "CLINICFLOW_HASH_KEY must be set when REDIS_URL is set: it keys the hashes that stand for "
                "phone numbers in Redis, and every process sharing that Redis needs the same one "
                "(openssl rand -hex 32)"
            )

    # What the rest of the code asks of the modes; the mode strings stay in this module and the container.

    @property
    def durable(self) -> bool:
        """Messages, sessions and appointments in PostgreSQL (else in this process's memory)."""
        return self.storage == "postgres"

    @property
    def turns_in_workers(self) -> bool:
        """``serve`` only records; ``clinicflow worker`` processes answer."""
        return self.turns == "workers"

    @property
    def with_redis(self) -> bool:
        return bool(self.redis_url)

    @property
    def reads_with_claude(self) -> bool:
        return self.nlu == "claude"

    @property
    def sends_through_meta(self) -> bool:
        """Replies go out through the Graph API (else they are only recorded)."""
        return bool(self.meta_access_token)

    @property
    def transcribes(self) -> bool:
        """Voice notes are fetched from Meta and transcribed (else the patient is asked to write)."""
        return bool(self.speech_url) and self.sends_through_meta

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


def _in_unit_of(variable: str, value: timedelta) -> str:
    """``value`` as the variable takes it: CLINICFLOW_LOCK_SETTLE_MS shows ``100 ms``."""
    unit, seconds = _unit(variable)
    return f"{value.total_seconds() / seconds:g} {unit}"


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit((parts.scheme, f"{user}{host}{port}", parts.path, parts.query, parts.fragment))
