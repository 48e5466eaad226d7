"""The second factor's codes: 6 digits every 30 seconds (RFC 6238), as authenticator apps make them."""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta

import pyotp

STEP = 30  # seconds
DRIFT = 1  # steps either side accepted: a phone's clock a little off, a code typed slowly


class TotpCodes:
    """Implements ``OneTimeCodes`` with pyotp."""

    def new_secret(self) -> str:
        return pyotp.random_base32()  # 160 bits, as RFC 4226 recommends

    def uri(self, secret: str, account: str, issuer: str) -> str:
        return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)

    def step_of(self, secret: str, code: str, at: datetime) -> int | None:
        if not (len(code) == 6 and code.isdigit()):
            return None
        try:
            totp = pyotp.TOTP(secret, interval=STEP)
            for drift in range(-DRIFT, DRIFT + 1):
                moment = at + timedelta(seconds=drift * STEP)
                if hmac.compare_digest(totp.at(moment), code):
                    return totp.timecode(moment)
        except ValueError:  # not a base32 secret
            return None
        return None
