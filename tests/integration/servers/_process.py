"""Shared plumbing for the throwaway servers the integration tests start (PostgreSQL, Redis).

Nothing here knows about a particular server: whether a Docker engine answers, free ports, finding
binaries, running a server's own commands as its service user when we are root, and reading the end
of a log for an error message.
"""

from __future__ import annotations

import gc
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import pytest

ENSURE_SERVICES = "scripts/ensure-services"

_DOCKER_TIMEOUT = 3  # seconds to wait for a Docker engine to answer a ping
_STOP_TIMEOUT = 10.0  # seconds after SIGTERM before SIGKILL

Server = TypeVar("Server")


@contextmanager
def first_available(
    env_var: str,
    from_url: Callable[[str], Server],
    in_container: Callable[[], AbstractContextManager[Server]],
    from_local_binaries: Callable[[], AbstractContextManager[Server]],
) -> Iterator[Server]:
    """The server the environment names; else a container when Docker answers; else a local one."""
    url = os.environ.get(env_var, "").strip()
    if url:
        yield from_url(url)
    elif docker_answers():
        with in_container() as server:
            yield server
    else:
        with from_local_binaries() as server:
            yield server


def stop_process(process: subprocess.Popen[Any] | None, timeout: float = _STOP_TIMEOUT) -> None:
    """SIGTERM, then SIGKILL if it lingers past ``timeout``; quiet if it has already gone."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=_STOP_TIMEOUT)


def not_here(reason: str) -> NoReturn:
    """Skip a test this server cannot serve; under CI, where the servers are ours, fail instead."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must run this test, but: {reason}")
    pytest.skip(reason)


def docker_answers() -> bool:
    """Whether a Docker engine answers a ping (any failure, including no testcontainers, is a no).

    docker-py does not close the socket of a connection that failed, so when no engine is there the
    probe leaves an unclosed socket behind; it is collected here, its ResourceWarning silenced, rather
    than later in some unrelated test, where pytest would report it as an error.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            return _ping_docker()
        finally:
            gc.collect()


def _ping_docker() -> bool:
    try:
        from testcontainers.core.docker_client import DockerClient

        client = DockerClient(timeout=_DOCKER_TIMEOUT).client
        try:
            client.ping()
        finally:
            client.close()
    except Exception:
        return False
    return True


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now (the caller retries if it loses a race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def find_binary(name: str, directories: Iterable[Path] = ()) -> Path | None:
    """`name` on PATH, else in the first of `directories` that has it as an executable file."""
    found = shutil.which(name)
    if found is not None:
        return Path(found)
    for directory in directories:
        candidate = directory / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def make_workdir(prefix: str) -> Path:
    """A fresh private temporary directory (mode 0700) for one server's data, config and log."""
    return Path(tempfile.mkdtemp(prefix=prefix))


def tail(path: Path, lines: int = 40) -> str:
    """The last `lines` lines of a text file, or a note that there is no such file."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return f"(no log at {path}: {exc.strerror})"
    return "\n".join(text.splitlines()[-lines:])


@dataclass(frozen=True)
class ServiceUser:
    """Who runs a server's own commands: ourselves, or `name` (through runuser) when we are root.

    PostgreSQL's initdb and postgres refuse to run as root, and CI runs as root, so as root the
    commands run as the service user (Debian's postgresql package creates ``postgres``) and the
    files they need are handed over to it first.
    """

    name: str

    @property
    def switching(self) -> bool:
        return os.geteuid() == 0

    def check(self) -> None:
        """Fail early, and clearly, when we are root and cannot become the service user."""
        if not self.switching:
            return
        try:
            pwd.getpwnam(self.name)
        except KeyError:
            raise RuntimeError(
                f"Running as root, the test servers run as the system user {self.name!r}, which does not "
                f"exist. Run {ENSURE_SERVICES} (Debian's packages create it), or run the tests as a "
                "non-root user."
            ) from None
        if shutil.which("runuser") is None:
            raise RuntimeError(
                f"Running as root, the test servers run as {self.name!r} through `runuser` "
                "(util-linux), which is not on PATH."
            )

    def command(self, *argv: str | Path) -> list[str]:
        """`argv` as a command line that runs as the service user."""
        words = [str(word) for word in argv]
        return ["runuser", "-u", self.name, "--", *words] if self.switching else words

    def hand_over(self, path: Path) -> None:
        """Give `path` and everything under it to the service user (no-op unless we are root)."""
        if not self.switching:
            return
        entry = pwd.getpwnam(self.name)
        os.chown(path, entry.pw_uid, entry.pw_gid)
        for root, directories, files in os.walk(path):
            for name in (*directories, *files):
                os.chown(Path(root) / name, entry.pw_uid, entry.pw_gid, follow_symlinks=False)

    def run(self, *argv: str | Path, cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
        """Run `argv` as the service user, capturing its output as text; never raises on exit status."""
        return subprocess.run(
            self.command(*argv),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
