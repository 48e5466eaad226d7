"""Meta's ``X-Hub-Signature-256`` check and the GET handshake token."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

import pytest

from adapters.meta.signature import SIGNATURE_HEADER, sign, verify_signature, verify_token_matches
from tests.meta_payloads import encode, signed_headers, text_delivery

SECRET = "a3f1c9e0b6d24e8f9a7b5c3d1e0f2a4b"
BODY = encode(text_delivery("106540352242922", "34600111222", "wamid.A", "Hola", 1749416383))


def test_sign_is_the_hex_hmac_sha256_of_the_body_as_meta_computes_it() -> None:
    expected = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()

    assert sign(SECRET, BODY) == f"sha256={expected}"


def test_a_genuine_signature_verifies() -> None:
    assert verify_signature(SECRET, BODY, sign(SECRET, BODY))


def test_the_test_headers_carry_a_genuine_signature() -> None:
    assert verify_signature(SECRET, BODY, signed_headers(SECRET, BODY)[SIGNATURE_HEADER])


def test_a_tampered_body_is_rejected() -> None:
    header = sign(SECRET, BODY)

    assert not verify_signature(SECRET, BODY.replace(b"Hola", b"Hole"), header)


def test_a_body_signed_with_another_secret_is_rejected() -> None:
    assert not verify_signature(SECRET, BODY, sign("another-app-secret", BODY))


def test_a_missing_header_is_rejected() -> None:
    assert not verify_signature(SECRET, BODY, None)


def test_an_empty_app_secret_rejects_even_a_matching_signature() -> None:
    # An unconfigured secret must not let anyone sign with the empty key.
    assert not verify_signature("", BODY, sign("", BODY))


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda h: h.removeprefix("sha256="), id="bare-hex"),
        pytest.param(lambda h: h.replace("sha256=", "sha1="), id="sha1-prefix"),
        pytest.param(lambda h: h.replace("sha256=", "SHA256="), id="uppercase-prefix"),
        pytest.param(lambda h: h.replace("sha256=", "sha256 "), id="space-not-equals"),
        pytest.param(lambda h: " " + h, id="leading-space"),
    ],
)
def test_a_header_without_the_exact_sha256_prefix_is_rejected(transform: Callable[[str], str]) -> None:
    header = transform(sign(SECRET, BODY))

    assert not verify_signature(SECRET, BODY, header)


def test_uppercase_hex_is_accepted_as_the_same_digest() -> None:
    # Meta sends lowercase; the case of hex digits does not change the value, so accepting it forges nothing.
    digest = sign(SECRET, BODY).removeprefix("sha256=")

    assert verify_signature(SECRET, BODY, "sha256=" + digest.upper())


@pytest.mark.parametrize(
    "digest",
    [
        pytest.param("z" * 64, id="non-hex"),
        pytest.param("", id="empty"),
        pytest.param("ab" * 31, id="too-short"),
        pytest.param("ab" * 33, id="too-long"),
        pytest.param("ab " * 21 + "a", id="hex-with-spaces"),
        pytest.param("é" * 64, id="non-ascii"),
    ],
)
def test_a_digest_that_is_not_64_hex_digits_is_rejected_without_raising(digest: str) -> None:
    assert not verify_signature(SECRET, BODY, "sha256=" + digest)


def test_a_wellformed_but_wrong_digest_is_rejected() -> None:
    assert not verify_signature(SECRET, BODY, "sha256=" + "0" * 64)


def test_the_handshake_token_matches_only_itself() -> None:
    assert verify_token_matches("clinicflow-verify", "clinicflow-verify")
    assert not verify_token_matches("clinicflow-verify", "clinicflow-verifx")
    assert not verify_token_matches("clinicflow-verify", "clinicflow-verify ")


def test_a_missing_handshake_token_never_matches() -> None:
    assert not verify_token_matches("clinicflow-verify", None)


def test_an_unconfigured_handshake_token_never_matches_an_empty_one() -> None:
    assert not verify_token_matches("", "")


def test_a_non_ascii_handshake_token_is_compared_without_raising() -> None:
    assert verify_token_matches("contraseña", "contraseña")
    assert not verify_token_matches("contraseña", "contrasena")
    assert not verify_token_matches("contraseña", "\udcff")
