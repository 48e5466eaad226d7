"""An erased patient's keys leave Redis (issue 24): every key carrying their keyed hash but the
lock of the turn that erased them; another patient's keys stay."""

from __future__ import annotations

import pytest

from adapters.redis.connection import RedisConnection
from adapters.redis.lock import conversation_keys
from adapters.redis.traces import RedisPatientTraces
from application.pseudonyms import Pseudonyms
from domain.ids import ClinicId, PatientAddress

pytestmark = pytest.mark.integration

SONRISA = ClinicId("sonrisa")
ANA = PatientAddress("56911112222")
BETO = PatientAddress("56933334444")


async def test_forgetting_a_patient_deletes_their_keys_but_the_held_lock(connection: RedisConnection) -> None:
    names = Pseudonyms(b"k" * 32)
    client = connection.client
    ana_lock, ana_queue = conversation_keys(names, SONRISA, ANA)
    beto_lock, beto_queue = conversation_keys(names, SONRISA, BETO)
    for key in (ana_lock, ana_queue, beto_lock, beto_queue):
        await client.set(key, "1")

    await RedisPatientTraces(connection, names).forget(SONRISA, ANA)

    assert await client.exists(ana_queue) == 0
    assert await client.exists(ana_lock, beto_lock, beto_queue) == 3
