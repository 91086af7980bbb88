"""Audit packets encrypted for public hosting: readable only with the password the holder
gives the auditor (CECTRACK_AUDIT_PASSWORD, a CI secret, never a file of the repository).

AES-256-GCM with a key from PBKDF2-SHA256 (600,000 iterations), a random salt per build and
a random nonce per sealed item.  The `cryptography` package does it here at build time; the
auditor's browser undoes it with WebCrypto (assets/unlock.js), which has the same primitives,
so no other script or service is involved.  The sealed format is a small JSON text:
{"v": 1, "kdf": "PBKDF2-SHA256", "iterations": N, "salt": b64, "iv": b64, "ct": b64}.
"""
from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass

PASSWORD_ENV = "CECTRACK_AUDIT_PASSWORD"
SITE_PASSWORD_ENV = "CECTRACK_SITE_PASSWORD"
ITERATIONS = 600_000
MIN_PASSWORD = 12


@dataclass(frozen=True)
class Lock:
    salt: bytes
    key: bytes  # derived once per build; each item gets its own nonce


def password_problem(password: str | None, variable: str = PASSWORD_ENV) -> str | None:
    if password is None:
        return None
    if len(password) < MIN_PASSWORD:
        return (f"{variable} is {len(password)} characters long; use at least "
                f"{MIN_PASSWORD} (a passphrase of a few words)")
    return None


def _derive(password: str, salt: bytes, iterations: int = ITERATIONS) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
    return PBKDF2HMAC(hashes.SHA256(), 32, salt, iterations).derive(password.encode("utf-8"))


def new_lock(password: str) -> Lock:
    salt = os.urandom(16)
    return Lock(salt, _derive(password, salt))


def seal(lock: Lock, data: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    iv = os.urandom(12)
    sealed = AESGCM(lock.key).encrypt(iv, data, None)  # ciphertext then tag, as WebCrypto
    b64 = lambda raw: base64.b64encode(raw).decode("ascii")  # noqa: E731
    return json.dumps({"v": 1, "kdf": "PBKDF2-SHA256", "iterations": ITERATIONS,
                       "salt": b64(lock.salt), "iv": b64(iv), "ct": b64(sealed)}).encode()


def unseal(blob: bytes, password: str) -> bytes:
    """The plain bytes (for tests and scripts); raises ValueError for a wrong password."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    item = json.loads(blob)
    key = _derive(password, base64.b64decode(item["salt"]), int(item["iterations"]))
    try:
        return AESGCM(key).decrypt(base64.b64decode(item["iv"]), base64.b64decode(item["ct"]), None)
    except InvalidTag:
        raise ValueError("wrong password, or the file was changed") from None
