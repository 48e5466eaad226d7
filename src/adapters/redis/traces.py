"""What Redis keeps under a patient's keyed hash, forgotten when their data is erased (issue 24).

Keys name a patient only by ``Pseudonyms.patient`` (``clinicflow:<what>:<clinic>:<hash>``), and
their values hold no number or text, so nothing here identifies them; still, an erased patient
leaves nothing behind: every key carrying their hash goes. A conversation's lock key is left to
its owner (the turn that erased them holds it, and releases it in a moment).
"""

from __future__ import annotations

from adapters.redis.connection import RedisConnection, reached
from application.pseudonyms import Pseudonyms
from domain.ids import ClinicId, PatientAddress

_LOCK = "clinicflow:lock:"
_BATCH = 500


class RedisPatientTraces:
    """Implements ``PatientTraces``: scans for the patient's keys (at most a few) and deletes them."""

    def __init__(self, connection: RedisConnection, names: Pseudonyms) -> None:
        self._connection = connection
        self._names = names

    async def forget(self, clinic_id: ClinicId, patient: PatientAddress) -> None:
        pattern = f"clinicflow:*:{clinic_id}:{self._names.patient(patient)}*"
        client = self._connection.client
        async with reached("forgetting an erased patient"):
            found = [key async for key in client.scan_iter(match=pattern, count=_BATCH)]
            doomed = [key for key in found if not _text(key).startswith(_LOCK)]
            if doomed:
                await client.delete(*doomed)


def _text(key: bytes | str) -> str:
    return key.decode() if isinstance(key, bytes) else key
