"""Sealed content for public hosting: readable only with a password the holder gives out
(CECTRACK_AUDIT_PASSWORD for the audit packets, CECTRACK_SITE_PASSWORD for a private site;
CI secrets, never files of the repository).

AES-256-GCM with a key from PBKDF2-SHA256 (600,000 iterations), a random salt per build and
a random nonce per sealed item.  The `cryptography` package does it here at build time; the
reader's browser undoes it with WebCrypto (render/assets/unlock.js), which has the same
primitives, so no other script or service is involved.  The sealed format is a small JSON
text, "ct" last so that a large file is sealed as it is written (SealedWriter):
{"v": 1, "kdf": "PBKDF2-SHA256", "iterations": N, "salt": b64, "iv": b64, "ct": b64}.

A password is used as people type it (normalise_password): the spaces and line breaks
around it are dropped (a secrets file ends in a newline; a phone adds a space) and it is
read in Unicode's composed form (NFC: "é" typed as one character or as e + accent is the
same password).  unlock.js does exactly the same before it derives the key.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable

PASSWORD_ENV = "CECTRACK_AUDIT_PASSWORD"
SITE_PASSWORD_ENV = "CECTRACK_SITE_PASSWORD"
ITERATIONS = 600_000
MIN_PASSWORD = 12
KDF = "PBKDF2-SHA256"
# What is trimmed from both ends: the whitespace of Unicode and of JavaScript's String.trim
# (which adds the byte-order mark), listed here and in unlock.js alike (a test compares them).
TRIMMED = ("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
           "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff")
_TRIM = re.compile(f"^[{TRIMMED}]+|[{TRIMMED}]+$")
_NAMES_SALT = b"cectrack: the names of a private site's pages"
_CHECK = b"cectrack: this build's password"  # what a verifier seals
# Plain bytes (or characters) sealed per step: each step copies its piece a few times (the
# cipher's output, its base64), which beside a long page should stay small.
_CHUNK = 3 << 14


def normalise_password(text: str) -> str:
    """The password as cectrack uses it: trimmed of surrounding whitespace, in NFC."""
    return unicodedata.normalize("NFC", _TRIM.sub("", text))


@dataclass(frozen=True)
class Lock:
    salt: bytes
    key: bytes  # derived once per build; each item gets its own nonce
    iterations: int = ITERATIONS  # of PBKDF2, written in each sealed item


def password_problem(password: str | None, variable: str = PASSWORD_ENV,
                     required: bool = False, in_ci: bool = False) -> str | None:
    """Why the value of `variable` cannot seal anything; None when it can, or when it is
    unset (or empty: an unset CI secret) and nothing requires it.  A value of spaces only
    is always a mistake; a missing value is one where the site says it must be sealed."""
    normal = normalise_password(password) if password else ""
    if password and not normal:
        return (f"{variable} holds only spaces or line breaks; give the password itself "
                f"(at least {MIN_PASSWORD} characters)")
    if not normal and required:
        found = "empty" if password == "" else "not set"
        where = " in CI: the secret is missing or was deleted, and" if in_ci else ";"
        return (f"{variable} is {found}{where} this build would publish in the clear what "
                f"mkdocs.yml says is sealed; add the secret again (at least {MIN_PASSWORD} "
                "characters)")
    if normal and len(normal) < MIN_PASSWORD:
        return (f"{variable} is {len(normal)} characters long; use at least "
                f"{MIN_PASSWORD} (a passphrase of a few words)")
    return None


def build_passwords(environ, private: bool, encrypt_audit: bool
                    ) -> tuple[dict[str, str | None], list[str]]:
    """The site's and the audit password a build seals with, normalised, and the warnings
    to show.  A site that says it is private (or its packets encrypted) stops in CI when its
    password is missing: ValueError says why, as does a password that cannot seal."""
    in_ci = str(environ.get("CI", "")).lower() in ("true", "1", "yes")
    warnings: list[str] = []

    def read(variable: str, required: bool, option: str) -> str | None:
        value = environ.get(variable)
        if problem := password_problem(value, variable, required=required, in_ci=in_ci):
            if in_ci or value:
                raise ValueError(problem)
            warnings.append(f"{problem} (mkdocs.yml says `{option}: true`; this build on your "
                            "computer is not sealed: preview it, never publish it)")
        return normalise_password(value) if value and normalise_password(value) else None

    site = read(SITE_PASSWORD_ENV, private, "private")
    audit = read(PASSWORD_ENV, encrypt_audit and not site, "encrypt_audit")
    return {SITE_PASSWORD_ENV: site, PASSWORD_ENV: audit}, warnings


def _derive(password: str, salt: bytes, iterations: int = ITERATIONS) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
    return PBKDF2HMAC(hashes.SHA256(), 32, salt, iterations).derive(
        normalise_password(password).encode("utf-8"))


def new_lock(password: str) -> Lock:
    salt = os.urandom(16)
    return Lock(salt, _derive(password, salt))


def names_key(password: str) -> bytes:
    """The key that makes a private site's page and file names: the same for every build
    with one password (so an address stays put), useless without the password."""
    return _derive(password, _NAMES_SALT)


def opaque_name(key: bytes, name: str) -> str:
    """A name that says nothing of `name` (20 base32 characters: 100 bits)."""
    digest = hmac.new(key, name.encode("utf-8"), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:20].lower()


def private_page_path(names: bytes, uri: str, directory_urls: bool = True) -> str:
    """Where a private site publishes the page made from `uri` (its Markdown path)."""
    token = opaque_name(names, uri)
    return f"p/{token}/index.html" if directory_urls else f"p/{token}.html"


def private_file_path(names: bytes, uri: str) -> str:
    """Where a private site publishes the file `uri` (sealed, so JSON whatever it holds)."""
    return f"f/{opaque_name(names, uri)}.json"


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


class SealedWriter:
    """Seals bytes as they are written, into `out` (a function taking bytes): constant
    memory whatever the size, and never a plain byte on disk.  close() writes the tag."""

    def __init__(self, lock: Lock, out: Callable[[bytes], Any]):
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
        iv = os.urandom(12)
        self._encryptor = Cipher(algorithms.AES(lock.key), modes.GCM(iv)).encryptor()
        self._out, self._carry = out, b""
        head = {"v": 1, "kdf": KDF, "iterations": lock.iterations, "salt": _b64(lock.salt),
                "iv": _b64(iv), "ct": ""}
        out(json.dumps(head)[:-2].encode("ascii"))  # ... "ct": "  (the text follows)

    def write(self, data: bytes | bytearray) -> int:
        self._emit(self._encryptor.update(bytes(data)))
        return len(data)

    def _emit(self, sealed: bytes) -> None:
        sealed = self._carry + sealed
        whole = len(sealed) - len(sealed) % 3
        self._carry = sealed[whole:]
        if whole:
            self._out(base64.b64encode(sealed[:whole]))

    def close(self) -> None:
        self._emit(self._encryptor.finalize())
        self._out(base64.b64encode(self._carry + self._encryptor.tag) + b'"}')
        self._carry = b""

    def flush(self) -> None:  # for writers that flush (zipfile, io wrappers)
        pass


def seal(lock: Lock, data: bytes | str) -> bytes:
    """`data` sealed whole (see SealedWriter for large files); text as its UTF-8, encoded a
    piece at a time, so that a long page is not also held whole as bytes."""
    parts: list[bytes] = []
    writer = SealedWriter(lock, parts.append)
    for start in range(0, len(data), _CHUNK):
        piece = data[start:start + _CHUNK]
        writer.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
    writer.close()
    return b"".join(parts)


def unseal(blob: bytes, password: str) -> bytes:
    """The plain bytes (for tests, scripts and the verifier); raises ValueError for a wrong
    password or a blob that is not sealed."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    try:
        item = json.loads(blob)
        salt, iv, ct = (base64.b64decode(item[k]) for k in ("salt", "iv", "ct"))
        iterations = int(item["iterations"])
    except (ValueError, KeyError, TypeError):
        raise ValueError("not a sealed item") from None
    try:
        return AESGCM(_derive(password, salt, iterations)).decrypt(iv, ct, None)
    except InvalidTag:
        raise ValueError("wrong password, or the file was changed") from None


def verifier(lock: Lock) -> dict:
    """What a build publishes so that the next build can tell whether its password is the
    same: a known text sealed with this build's key.  It tells nothing the sealed pages do
    not (each of them lets a guess be tried at the same cost)."""
    return json.loads(seal(lock, _CHECK))


def same_password(previous: Any, password: str) -> bool | None:
    """Whether `password` opens a previous build's verifier; None when it is no verifier."""
    try:
        return unseal(json.dumps(previous).encode(), password) == _CHECK
    except ValueError:
        return False if isinstance(previous, dict) and "ct" in previous else None
