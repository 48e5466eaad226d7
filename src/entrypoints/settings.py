"""Every setting from the environment, validated at start with messages that name the variable."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path


class SettingsError(Exception):
    """A setting is missing or malformed: the message names the environment variable."""


@dataclass(frozen=True)
class Settings:
    clinic_files: tuple[Path, ...] = ()  # empty: the built-in demo clinic
    nlu: str = "offline"
    storage: str = "memory"
    session_idle: timedelta = timedelta(hours=2)
    meta_app_secret: str = field(default="", repr=False)
    meta_verify_token: str = field(default="", repr=False)

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        files = tuple(Path(p) for p in env.get("CLINICFLOW_CLINIC_FILES", "").split(os.pathsep) if p.strip())
        for path in files:
            if not path.is_file():
                raise SettingsError(f"CLINICFLOW_CLINIC_FILES: no such file: {path}")
        return cls(
            clinic_files=files,
            nlu=_choice(env, "CLINICFLOW_NLU", "offline", ("offline",)),
            storage=_choice(env, "CLINICFLOW_STORAGE", "memory", ("memory",)),
            session_idle=timedelta(minutes=_positive_int(env, "CLINICFLOW_SESSION_IDLE_MINUTES", 120)),
            meta_app_secret=env.get("META_APP_SECRET", ""),
            meta_verify_token=env.get("META_VERIFY_TOKEN", ""),
        )

    def require_webhook_secrets(self) -> None:
        """The webhook cannot verify anything without these: refuse to serve rather than accept all."""
        for name, value in (
            ("META_APP_SECRET", self.meta_app_secret),
            ("META_VERIFY_TOKEN", self.meta_verify_token),
        ):
            if not value:
                raise SettingsError(f"{name} must be set to serve the WhatsApp webhook")


def _choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = env.get(name, default).strip().lower() or default
    if value not in allowed:
        raise SettingsError(f"{name}: {value!r} is not one of {', '.join(allowed)}")
    return value


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}: {raw!r} is not a whole number") from None
    if value <= 0:
        raise SettingsError(f"{name}: must be positive, got {value}")
    return value
