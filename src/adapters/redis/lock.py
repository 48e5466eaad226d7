"""Per-conversation locks in Redis, shared by every process, handing over in the order messages were sent.

For each (clinic, patient) there is a lock key and a queue (a sorted set scored by
Meta's timestamp, ties broken by arrival). A message joins the queue, waits a short
settle window so that messages delivered together are all queued, then may take the
lock only while it is first in the queue. The lock carries an owner token and an
expiry: only the owner releases it (compare-and-delete), a crashed owner's lock
lapses, and a long handler renews it. A waiter that died is skipped once its
heartbeat key lapses. Waiting longer than the bound raises ``LockUnavailable``.

Phone numbers never appear in Redis: keys carry the patient's keyed hash (``Pseudonyms``, an
HMAC under ``CLINICFLOW_HASH_KEY``), which every process sharing Redis computes alike and nobody
without the key can reverse by hashing every number of a country.
The scripts read waiter keys they are not given, so they need a single Redis
server (or Sentinel), not Redis Cluster.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from redis.exceptions import RedisError

from adapters.redis.connection import RedisConnection, reached
from application.ports import LockUnavailable
from application.pseudonyms import Pseudonyms
from domain.ids import ClinicId, PatientAddress

log = logging.getLogger(__name__)

_SEQUENCE = "clinicflow:lockseq"
_WAITER = "clinicflow:lockw:"
_SEQUENCE_DIGITS = 16

# KEYS: lock, queue. ARGV: member, token, ttl ms, waiter key prefix. 1 = acquired.
_ACQUIRE = f"""
while true do
  local head = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
  if not head or head == ARGV[1] then break end
  local waiter = string.sub(head, {_SEQUENCE_DIGITS + 2})
  if redis.call('EXISTS', ARGV[4] .. waiter) == 1 then return 0 end
  redis.call('ZREM', KEYS[2], head)
end
if redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[3]) then
  redis.call('ZREM', KEYS[2], ARGV[1])
  return 1
end
return 0
"""
# KEYS: lock. ARGV: token, ttl ms.
_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""
# KEYS: lock. ARGV: token.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


# Long enough for a renewal command in flight to finish (Redis calls time out in about 1 s).
_RENEWAL_STOP_SECONDS = 5.0


@dataclass(frozen=True)
class LockTiming:
    expiry: timedelta = timedelta(seconds=30)  # a crashed owner blocks the conversation at most this long
    wait: timedelta = timedelta(seconds=10)  # then the message is refused (503) and Meta retries it
    settle: timedelta = timedelta(milliseconds=100)  # messages delivered together all queue first
    heartbeat: timedelta = timedelta(seconds=3)  # a waiter silent this long is taken for dead


def conversation_keys(names: Pseudonyms, clinic_id: ClinicId, patient: PatientAddress) -> tuple[str, str]:
    """The conversation's lock and queue keys."""
    patient_name = names.patient(patient)
    return f"clinicflow:lock:{clinic_id}:{patient_name}", f"clinicflow:lockq:{clinic_id}:{patient_name}"


class RedisConversationLock:
    """Implements ``ConversationLock`` across processes."""

    def __init__(
        self, connection: RedisConnection, names: Pseudonyms, timing: LockTiming | None = None
    ) -> None:
        self._connection = connection
        self._names = names
        self._timing = timing or LockTiming()

    def hold(
        self, clinic_id: ClinicId, patient: PatientAddress, sent_at: datetime
    ) -> AbstractAsyncContextManager[None]:
        return self._hold(*conversation_keys(self._names, clinic_id, patient), sent_at)

    @asynccontextmanager
    async def _hold(self, lock_key: str, queue_key: str, sent_at: datetime) -> AsyncIterator[None]:
        token = secrets.token_hex(16)
        await self._acquire(lock_key, queue_key, sent_at, token)
        done = asyncio.Event()
        renewal = asyncio.create_task(self._renew(lock_key, token, done))
        try:
            yield
        finally:
            # Told to stop, not cancelled: redis-py can swallow a cancellation that lands inside a
            # command, and a renewal that never ends would hold the conversation forever.
            done.set()
            with contextlib.suppress(Exception):
                async with asyncio.timeout(_RENEWAL_STOP_SECONDS):
                    await renewal
            await self._release(lock_key, token)

    async def _acquire(self, lock_key: str, queue_key: str, sent_at: datetime, token: str) -> None:
        client, timing = self._connection.client, self._timing
        waiter = _WAITER + token
        async with reached("queueing for a conversation"):
            arrival = await client.incr(_SEQUENCE)
            member = f"{arrival % 10**_SEQUENCE_DIGITS:0{_SEQUENCE_DIGITS}d}:{token}"
            async with client.pipeline(transaction=True) as pipe:
                pipe.set(waiter, 1, px=_ms(timing.heartbeat))
                pipe.zadd(queue_key, {member: sent_at.timestamp()})
                pipe.pexpire(queue_key, _ms(timing.wait + timing.expiry + timing.settle))
                await pipe.execute()
        acquired = False
        try:
            await asyncio.sleep(timing.settle.total_seconds())
            deadline = asyncio.get_running_loop().time() + timing.wait.total_seconds()
            pause = 0.005
            while True:
                async with reached("taking a conversation lock"):
                    acquired = bool(
                        await client.eval(
                            _ACQUIRE, 2, lock_key, queue_key, member, token, _ms(timing.expiry), _WAITER
                        )
                    )
                    if acquired:
                        return
                    await client.pexpire(waiter, _ms(timing.heartbeat))
                if asyncio.get_running_loop().time() >= deadline:
                    raise LockUnavailable("the conversation stayed busy too long")
                await asyncio.sleep(pause)
                pause = min(pause * 2, 0.05)
        finally:
            await self._leave_queue(queue_key, member, waiter, acquired=acquired)

    async def _leave_queue(self, queue_key: str, member: str, waiter: str, *, acquired: bool) -> None:
        """Best effort: a leftover entry is skipped once its heartbeat lapses."""
        try:
            async with self._connection.client.pipeline(transaction=False) as pipe:
                if not acquired:
                    pipe.zrem(queue_key, member)
                pipe.delete(waiter)
                await pipe.execute()
        except RedisError:
            log.warning("could not leave a conversation queue; the entry lapses on its own")

    async def _renew(self, lock_key: str, token: str, done: asyncio.Event) -> None:
        expiry = _ms(self._timing.expiry)
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._timing.expiry.total_seconds() / 3):
                    await done.wait()
            if done.is_set():
                return
            try:
                still_ours = await self._connection.client.eval(_RENEW, 1, lock_key, token, expiry)
            except RedisError:
                log.warning("could not renew a conversation lock; retrying")
                continue
            if not still_ours:
                # Another message of this conversation may now run alongside this one; the
                # session's version still refuses a lost update.
                log.error("a conversation lock expired while its message was being handled")
                return

    async def _release(self, lock_key: str, token: str) -> None:
        try:
            await self._connection.client.eval(_RELEASE, 1, lock_key, token)
        except RedisError:
            log.warning("could not release a conversation lock; it expires on its own")


def _ms(span: timedelta) -> int:
    return max(1, int(span.total_seconds() * 1000))
