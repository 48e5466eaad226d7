"""A real Redis server for the integration tests, from wherever one can be had.

``redis_server()`` yields a running server and, on the way out, removes whatever it started.
The first of these that applies is used:

1. ``CLINICFLOW_TEST_REDIS_URL`` is set: that existing server ("env"), as
   ``redis://[:password@]host[:port][/db]``. It may be shared, so tests keep to their own keys.
2. A Docker engine answers: a ``redis:7`` container through testcontainers ("testcontainers").
3. Otherwise a throwaway ``redis-server`` from the local binary ("local"): our own child process on a
   free loopback port, a random password, no persistence, its config and log in a temporary
   directory that is deleted afterwards.

It never skips: with none of the three it raises, saying what to install.

For tests of "Redis went away", a server the tests started themselves (local and testcontainers
modes, ``can_restart``) can be stopped for real (connections are refused) and started again on the
same host and port with the same password, empty. An env-mode server is someone else's: ``stop()``
and ``start()`` raise there.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import quote, unquote, urlsplit

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from tests.integration.servers._process import (
    ENSURE_SERVICES,
    find_binary,
    first_available,
    free_port,
    make_workdir,
    stop_process,
    tail,
)

if TYPE_CHECKING:
    from testcontainers.community.redis import RedisContainer

ENV_VAR = "CLINICFLOW_TEST_REDIS_URL"
IMAGE = "redis:7"
REDIS_PORT = 6379  # inside the container
DEBIAN_BIN = Path("/usr/bin")  # where Debian's redis-server package puts it

_START_ATTEMPTS = 3  # a free port can be taken by someone else before the server binds it
_RESTART_ATTEMPTS = 5  # start() on the old port: it may be busy for a moment
_RESTART_PAUSE = 0.5  # seconds between those attempts
_START_TIMEOUT = 15.0  # seconds until a local server must answer PING
_CONTAINER_START_TIMEOUT = 60.0  # the same for a restarted container
_STOP_TIMEOUT = 10.0  # seconds after SIGTERM before SIGKILL
_LOST_PORT = ("Address already in use", "port is already allocated")  # redis-server's log, Docker's
_READY = "Ready to accept connections"  # redis-server's log, once it listens (7.2 adds " tcp")


class _Restartable(Protocol):
    def stop(self) -> None: ...
    def start(self) -> None: ...


@dataclass(frozen=True)
class RedisServer:
    host: str
    port: int
    password: str = field(repr=False)  # "" for none; an env-mode password may be a real one
    mode: str  # "env" | "testcontainers" | "local"
    db: int = 0  # the database url() names by default: the one in an env-mode URL, else 0
    _control: _Restartable | None = field(default=None, repr=False, compare=False)

    def url(self, db: int | None = None) -> str:
        """A redis-py URL of database `db` (default: ``self.db``), e.g. for ``redis.asyncio.from_url``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        credentials = f":{quote(self.password, safe='')}@" if self.password else ""
        return f"redis://{credentials}{host}:{self.port}/{self.db if db is None else db}"

    @property
    def can_restart(self) -> bool:
        """Whether stop() and start() work: only on a server the tests started (not in env mode)."""
        return self._control is not None

    def stop(self) -> None:
        """Stop the server for real: afterwards connections to it are refused. No-op if stopped."""
        self._restartable().stop()

    def start(self) -> None:
        """Start it again on the same host and port, same password, no data. No-op if running."""
        self._restartable().start()

    def _restartable(self) -> _Restartable:
        if self._control is None:
            raise RuntimeError(
                f"This Redis server ({self.mode} mode) cannot be stopped or started by the tests: it is "
                f"not theirs (it comes from {ENV_VAR}). Check `server.can_restart` first, or unset "
                f"{ENV_VAR} to get a local or testcontainers server."
            )
        return self._control


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    """A running Redis server for the length of the ``with`` block (see the module's doc)."""
    with first_available(ENV_VAR, _env_server, _container_server, _local_server) as server:
        yield server


def _answers_ping(host: str, port: int, password: str) -> bool:
    """Whether a Redis server that knows `password` answers PING there (one quick try)."""
    client = redis.Redis(
        host=host,
        port=port,
        password=password or None,
        socket_connect_timeout=1,
        socket_timeout=2,
        retry=Retry(NoBackoff(), 0),
    )
    try:
        return client.ping() is True
    except (redis.RedisError, OSError):
        return False
    finally:
        client.close()


def _wait_for_ping(
    host: str,
    port: int,
    password: str,
    *,
    alive: Callable[[], bool],
    timeout: float,
    ready: Callable[[], bool] = lambda: True,
) -> bool:
    """Whether it answers PING while `alive()` (our process or container) before `timeout` seconds.

    The password matters: a stranger that took the port does not know it, so it cannot answer. A
    stranger that accepts connections and says nothing would make every PING wait for its timeout,
    though: where there is a log to read, `ready()` says when asking is worth it.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            return False
        if ready() and _answers_ping(host, port, password):
            return alive()
        time.sleep(0.01)
    return False


# --- 1. an existing server -------------------------------------------------------------------


def _env_server(url: str) -> RedisServer:
    parts = urlsplit(url)
    if parts.scheme != "redis" or not parts.hostname:
        shown = f"{parts.scheme}://{parts.hostname or ''}..." if parts.scheme else "(not a URL)"
        raise RuntimeError(f"{ENV_VAR} must look like redis://:password@host:port/db; got {shown}")
    if parts.username not in (None, "", "default"):
        raise RuntimeError(
            f"{ENV_VAR} names the user {unquote(parts.username)!r}; the tests only log in as Redis's "
            "default user (redis://:password@host:port/db)."
        )
    try:
        port = parts.port or 6379
    except ValueError:
        raise RuntimeError(f"{ENV_VAR} has an invalid port") from None
    path = unquote(parts.path).strip("/")
    if path and not path.isdigit():
        raise RuntimeError(f"{ENV_VAR} must name a database by number (…/0 to …/15), not {path!r}")
    server = RedisServer(
        host=parts.hostname,
        port=port,
        password=unquote(parts.password) if parts.password else "",
        mode="env",
        db=int(path) if path else 0,
    )
    if not _answers_ping(server.host, server.port, server.password):
        raise RuntimeError(
            f"The Redis server in {ENV_VAR} ({server.host}:{server.port}) does not answer PING "
            "with the password given there (or it is not running)."
        )
    return server


# --- 2. a container --------------------------------------------------------------------------


@contextmanager
def _container_server() -> Iterator[RedisServer]:
    from testcontainers.community.redis import RedisContainer

    password = secrets.token_urlsafe(18)
    for attempt in range(1, _START_ATTEMPTS + 1):
        # A fixed host port (not Docker's pick) so that a restarted container comes back on it.
        container = (
            RedisContainer(IMAGE, password=password)
            .with_command(["redis-server", "--requirepass", password, "--save", "", "--appendonly", "no"])
            .with_bind_ports(REDIS_PORT, free_port())
        )
        try:
            container.start()  # removes the container again if it fails
        except Exception as exc:
            if not any(sign in str(exc) for sign in _LOST_PORT) or attempt == _START_ATTEMPTS:
                raise RuntimeError(f"The {IMAGE} test container did not start: {exc}") from exc
            continue
        try:
            control = _ContainerControl(container, password)
            yield RedisServer(
                host=control.host,
                port=control.port,
                password=password,
                mode="testcontainers",
                _control=control,
            )
        finally:
            container.stop()  # removes it, running or stopped
        return


class _ContainerControl:
    """Stops and starts the container itself (``docker stop``/``docker start``); its port is fixed."""

    def __init__(self, container: RedisContainer, password: str) -> None:
        self._container = container
        self._password = password
        self.host = container.get_container_host_ip()
        self.port = container.get_exposed_port(REDIS_PORT)

    def _running(self) -> bool:
        wrapped = self._container.get_wrapped_container()
        wrapped.reload()
        return bool(wrapped.status == "running")

    def stop(self) -> None:
        if self._running():
            self._container.get_wrapped_container().stop(timeout=int(_STOP_TIMEOUT))

    def start(self) -> None:
        if self._running():
            return
        for attempt in range(1, _RESTART_ATTEMPTS + 1):
            try:
                self._container.get_wrapped_container().start()
                break
            except Exception as exc:
                if not any(sign in str(exc) for sign in _LOST_PORT) or attempt == _RESTART_ATTEMPTS:
                    raise RuntimeError(
                        f"The {IMAGE} test container did not start again on port {self.port}: {exc}"
                    ) from exc
                time.sleep(_RESTART_PAUSE)
        where = (self._container.get_container_host_ip(), self._container.get_exposed_port(REDIS_PORT))
        if where != (self.host, self.port):
            raise RuntimeError(
                f"The restarted {IMAGE} test container is at {where[0]}:{where[1]}, not at "
                f"{self.host}:{self.port} as before; tests cannot reach it at the same URL."
            )
        if not _wait_for_ping(
            self.host, self.port, self._password, alive=self._running, timeout=_CONTAINER_START_TIMEOUT
        ):
            stdout, stderr = self._container.get_logs()
            log = (stdout + stderr).decode("utf-8", errors="replace").splitlines()[-40:]
            raise RuntimeError(
                f"The restarted {IMAGE} test container does not answer PING.\n"
                "--- tail of its log ---\n" + "\n".join(log)
            )


# --- 3. a throwaway server from the local binary ---------------------------------------------


@contextmanager
def _local_server() -> Iterator[RedisServer]:
    binary = find_binary("redis-server", [DEBIAN_BIN])
    if binary is None:
        raise RuntimeError(
            f"redis-server is not installed: run {ENSURE_SERVICES} (or apt-get install redis-server), "
            f"or point {ENV_VAR} at a Redis server."
        )
    workdir = make_workdir("clinicflow-redis-")
    try:
        process = _LocalProcess(binary, workdir, password=secrets.token_urlsafe(18))
        try:
            process.first_start()
            yield RedisServer(
                host="127.0.0.1",
                port=process.port,
                password=process.password,
                mode="local",
                _control=process,
            )
        finally:
            process.stop()  # also after a failed start, or when a test left it stopped
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


class _LocalProcess:
    """redis-server as our own child process, with a config file (and so a port) that outlives it."""

    def __init__(self, binary: Path, workdir: Path, password: str) -> None:
        self.binary = binary
        self.workdir = workdir
        self.password = password
        self.port = 0
        self.config = workdir / "redis.conf"
        self.log = workdir / "redis.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._exit_status: int | None = None  # of the last launch that failed; None if it timed out
        self._log_offset = 0  # where the last launch's lines begin in the log

    def first_start(self) -> None:
        """Start on a free port, trying another one if someone takes it first."""
        for attempt in range(1, _START_ATTEMPTS + 1):
            self.port = free_port()
            self._write_config()
            if self._launch():
                return
            if not self._lost_the_port() or attempt == _START_ATTEMPTS:
                raise self._failure("did not start")
        raise AssertionError("unreachable")

    def start(self) -> None:
        """Start again on the same port, same config; the port may be busy for a moment."""
        if self._running():
            return
        for attempt in range(1, _RESTART_ATTEMPTS + 1):
            if self._launch():
                return
            if not self._lost_the_port() or attempt == _RESTART_ATTEMPTS:
                raise self._failure(f"did not start again on port {self.port}")
            time.sleep(_RESTART_PAUSE)

    def stop(self) -> None:
        """SIGTERM (no data to save: it exits at once), then SIGKILL; quiet if it is not running."""
        process, self._process = self._process, None
        stop_process(process)

    def _running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def _write_config(self) -> None:
        settings = {
            "port": str(self.port),
            "bind": "127.0.0.1",
            "protected-mode": "yes",
            "requirepass": _quoted(self.password),
            "save": '""',  # no snapshots, no append-only file: a restart comes back empty
            "appendonly": "no",
            "dir": _quoted(str(self.workdir)),
            "logfile": _quoted(str(self.log)),
            "daemonize": "no",
        }
        self.config.write_text(
            "".join(f"{name} {value}\n" for name, value in settings.items()), encoding="utf-8"
        )
        self.config.chmod(0o600)  # it holds the password

    def _launch(self) -> bool:
        """Run it; whether it then answers PING (and is still ours). If not, it is stopped again."""
        self._log_offset = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as output:  # before it opens its logfile, errors go to stderr
            self._process = subprocess.Popen(
                [str(self.binary), str(self.config)],
                cwd=self.workdir,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        if _wait_for_ping(
            "127.0.0.1",
            self.port,
            self.password,
            alive=self._running,
            timeout=_START_TIMEOUT,
            ready=lambda: _READY in self._this_launchs_log(),
        ):
            return True
        self._exit_status = self._process.poll()
        self.stop()
        return False

    def _this_launchs_log(self) -> str:
        try:
            with self.log.open("rb") as log:
                log.seek(self._log_offset)
                return log.read().decode("utf-8", errors="replace")
        except OSError:
            return ""

    def _lost_the_port(self) -> bool:
        return any(sign in self._this_launchs_log() for sign in _LOST_PORT)

    def _failure(self, what: str) -> RuntimeError:
        status = "timed out" if self._exit_status is None else f"exit status {self._exit_status}"
        return RuntimeError(
            f"The local Redis test server {what} ({status}).\n"
            f"--- tail of {self.log.name} ---\n{tail(self.log)}"
        )


def _quoted(value: str) -> str:
    """A value as redis.conf wants it: in double quotes, backslash and double quote escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
