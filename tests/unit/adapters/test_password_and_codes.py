"""The argon2 hasher and the TOTP codes behind the accounts' ports: real libraries, no server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
from argon2 import PasswordHasher

from adapters.argon2.hasher import Argon2PasswordHasher
from adapters.totp.codes import TotpCodes

AT = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


async def test_argon2_hashes_verify_and_say_when_their_parameters_are_old() -> None:
    cheap = Argon2PasswordHasher(PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1))
    hashed = await cheap.hash("una clave larga de verdad")
    assert hashed.startswith("$argon2id$")
    assert "una clave" not in hashed
    assert await cheap.verify(hashed, "una clave larga de verdad")
    assert not await cheap.verify(hashed, "otra clave larga de verdad")
    assert not await cheap.verify("not a hash", "una clave larga de verdad")
    assert not cheap.needs_rehash(hashed)
    assert Argon2PasswordHasher().needs_rehash(hashed)  # today's defaults cost more


def test_a_code_names_its_time_step_within_one_step_of_now() -> None:
    codes = TotpCodes()
    secret = codes.new_secret()
    totp = pyotp.TOTP(secret)
    now = codes.step_of(secret, totp.at(AT), AT)
    assert now == totp.timecode(AT)
    assert codes.step_of(secret, totp.at(AT - timedelta(seconds=30)), AT) == now - 1
    assert codes.step_of(secret, totp.at(AT - timedelta(seconds=90)), AT) is None
    assert codes.step_of(secret, "12345", AT) is None
    assert codes.step_of("not base32!", "123456", AT) is None
    assert codes.uri(secret, "carla@sonrisa.cl", "ClinicFlow").startswith("otpauth://totp/ClinicFlow:carla")
