"""Sign-ins, with a staff account's password (the console) or an API key (the staff API): every
failure is logged (the client as a keyed hash, never the key, the e-mail or the password), and
repeated failures are refused for a while, per client and per clinic (a key) or per account (an
e-mail, a second factor), before anything is checked. Account sign-ins, failed, refused or not,
are in the audit log (``Accounts`` records them; a refusal for too many failures is recorded here).

A client is an IPv4 address or an IPv6 /64 (what one subscriber gets). An attempt aims at a
clinic when the key it presents names one of that clinic's keys (``cf_<key id>_...``), right or
wrong; a client that signed in there lately is not shut out by that clinic's lock-out (only by
its own failures). The counters live in this process, in tables of bounded size whose entries
expire: they are never written to Redis or PostgreSQL. What is written is the audit log's entry
of each failed account sign-in (in PostgreSQL, on purpose: a failed sign-in leaves a trace), so
the limits bound how fast anyone can add to it. With several replicas each keeps its own
counters, so a client may fail up to that many times more.
"""

from __future__ import annotations

import ipaddress
import logging
import math
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from application.accounts import Accounts, Attempt, Step
from application.audit import Audit, Origin
from application.ports import Actor, ActorKind, AuditAction, Clock
from application.pseudonyms import Pseudonyms
from application.staff import StaffAccess, StaffLogin
from domain.staff import normal_email
from entrypoints import logs

log = logging.getLogger(__name__)

WINDOW = timedelta(minutes=15)
CLIENT_FAILURES = 10  # per client and window
CLINIC_FAILURES = 100  # per clinic and window, from any number of clients
ACCOUNT_FAILURES = 20  # per e-mail (or account, for its codes) and window, from any number of clients
MAX_CLIENTS = 10_000  # clients remembered at once (the oldest are forgotten first)
MAX_CLINICS = 1_000
# A client that signed in at a clinic within this long is its own staff: that clinic's lock-out
# does not shut it out (else whoever holds a revoked key could keep the clinic closed at will).
TRUSTED_FOR = timedelta(days=30)
MAX_TRUSTED = 10_000


class TooManyFailures(Exception):
    """Sign-ins from this client, or at this clinic, are refused for ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed sign-ins: try again in {retry_after} s")
        self.retry_after = retry_after


@dataclass(slots=True)
class _Window:
    started: datetime
    failures: int = 0


class FailureCounts:
    """Failures per name in fixed windows, at most ``size`` names (the least recently failed go)."""

    def __init__(self, limit: int, size: int, window: timedelta = WINDOW) -> None:
        self._limit, self._size, self._window = limit, size, window
        self._windows: OrderedDict[str, _Window] = OrderedDict()
        self._closed: dict[str, datetime] = {}  # name -> when it may try again

    def wait(self, name: str, now: datetime) -> int:
        """Seconds ``name`` must wait before its next attempt; 0: it may try now."""
        window = self._current(name, now)
        if window is None or window.failures < self._limit:
            return 0
        return max(1, math.ceil((window.started + self._window - now).total_seconds()))

    def fail(self, name: str, now: datetime) -> bool:
        """Counts a failure; True when it used up ``name``'s last try of the window."""
        window = self._current(name, now) or _Window(now)
        window.failures += 1
        self._windows[name] = window
        self._windows.move_to_end(name)
        while len(self._windows) > self._size:
            self._windows.popitem(last=False)
        if window.failures != self._limit:
            return False
        self._closed[name] = window.started + self._window
        while len(self._closed) > self._size:
            del self._closed[next(iter(self._closed))]
        return True

    def any_closed(self, now: datetime) -> bool:
        """Whether some name must wait now (cheap: most of the time none does)."""
        for name in [name for name, until in self._closed.items() if until <= now]:
            del self._closed[name]
        return bool(self._closed)

    def __len__(self) -> int:
        return len(self._windows)

    def _current(self, name: str, now: datetime) -> _Window | None:
        window = self._windows.get(name)
        if window is not None and now - window.started >= self._window:
            del self._windows[name]
            return None
        return window


def client_of(address: str | None) -> str:
    """The client an address stands for: itself (IPv4), its /64 (IPv6), or the text as given."""
    if not address:
        return "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # a dual-stack socket's IPv4 client
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class SignInGuard:
    """Checks a presented staff key as ``StaffAccess.login`` does, and an account's password and
    code as ``Accounts`` does, after the limits, logging failures."""

    def __init__(
        self, access: StaffAccess, accounts: Accounts, audit: Audit, pseudonyms: Pseudonyms, clock: Clock
    ) -> None:
        self._access, self._accounts, self._audit = access, accounts, audit
        self._pseudonyms, self._clock = pseudonyms, clock
        self._clients = FailureCounts(CLIENT_FAILURES, MAX_CLIENTS)
        self._clinics = FailureCounts(CLINIC_FAILURES, MAX_CLINICS)
        self._people = FailureCounts(ACCOUNT_FAILURES, MAX_CLIENTS)
        self._trusted: OrderedDict[tuple[str, str], datetime] = OrderedDict()

    async def sign_in_account(self, email: str, password: str, address: str | None, channel: str) -> Attempt:
        """``Accounts.sign_in`` after the limits (per client, and per e-mail but for a client that
        signed in with it lately); ``TooManyFailures`` when refused, the refusal audited."""
        name = "email:" + self._pseudonyms.of("email", normal_email(email), length=16)
        return await self._attempt(
            name, address, channel, lambda: self._accounts.sign_in(email, password, address, channel)
        )

    async def second_step(self, account_id: str, code: str, address: str | None, channel: str) -> Attempt:
        """``Accounts.second_step`` after the same limits, per client and per account."""
        return await self._attempt(
            "account:" + account_id,
            address,
            channel,
            lambda: self._accounts.second_step(account_id, code, address, channel),
        )

    async def _attempt(
        self, name: str, address: str | None, channel: str, check: Callable[[], Awaitable[Attempt]]
    ) -> Attempt:
        now = self._clock.now()
        client = client_of(address)
        wait = self._clients.wait(client, now)
        if wait == 0 and not self._trusts(name, client, now):
            wait = self._people.wait(name, now)
        if wait:
            refused = Origin(None, Actor(ActorKind.ANONYMOUS, name), channel, address)
            await self._audit.record(refused, AuditAction.SIGN_IN_FAILED, detail="too many failed sign-ins")
            raise TooManyFailures(wait)
        attempt = await check()
        if attempt.step is Step.FAILED:
            masked = self._pseudonyms.of("client", client, length=16)
            closed = self._clients.fail(client, now)
            with logs.bound(channel=channel, client=masked):
                log.warning("staff sign-in failed: wrong e-mail, password or code")
                if self._people.fail(name, now):
                    log.warning("staff sign-ins to this account refused for a while: too many failures")
                if closed:
                    log.warning("staff sign-ins from this client refused for a while: too many failures")
        else:
            self._trust(name, client, now)
        return attempt

    async def sign_in(self, secret: str, address: str | None, channel: str) -> StaffLogin | None:
        """The key's login, None when it opens nothing (logged); ``TooManyFailures`` when this
        client, or the clinic the key names, failed too often of late (the key is not checked)."""
        now = self._clock.now()
        client = client_of(address)
        wait = self._clients.wait(client, now)
        named = None
        if wait == 0 and self._clinics.any_closed(now):  # a lookup only while a clinic is closed
            named = await self._access.named_key(secret)
            if named is not None and not self._trusts(named.clinic_id, client, now):
                wait = self._clinics.wait(named.clinic_id, now)
        if wait:
            raise TooManyFailures(wait)
        signed_in = await self._access.login(secret)
        if signed_in is None:
            if named is None:
                named = await self._access.named_key(secret)
            await self._failed(client, named.clinic_id if named else None, channel, now)
        else:
            self._trust(signed_in.clinic_id, client, now)
        return signed_in

    def _trusts(self, where: str, client: str, now: datetime) -> bool:
        """``where``: a clinic's id (its keys), or an e-mail's or account's name (its sign-ins)."""
        since = self._trusted.get((where, client))
        return since is not None and now - since < TRUSTED_FOR

    def _trust(self, where: str, client: str, now: datetime) -> None:
        self._trusted[(where, client)] = now
        self._trusted.move_to_end((where, client))
        while len(self._trusted) > MAX_TRUSTED:
            self._trusted.popitem(last=False)

    async def _failed(self, client: str, clinic_id: str | None, channel: str, now: datetime) -> None:
        masked = self._pseudonyms.of("client", client, length=16)
        closed = self._clients.fail(client, now)
        context = {"channel": channel, "client": masked}
        if clinic_id is not None:
            context["clinic_id"] = clinic_id
            if self._clinics.fail(clinic_id, now):
                with logs.bound(**context):
                    log.warning("staff sign-ins at this clinic refused for a while: too many failures")
        with logs.bound(**context):
            log.warning("staff sign-in failed: unknown or revoked key")
            if closed:
                log.warning("staff sign-ins from this client refused for a while: too many failures")
