"""A studio's key as text: what `cectrack team keygen` prints, what a trainer pastes into the
profile (the public half) and what the studio keeps as its CI secret (the secret half).

Each is a prefix that says which half it is, then 36 bytes in base64url: the 32 bytes of the
X25519 key and 4 bytes of a SHA-256 checksum over the prefix and the key.  The checksum
catches a key mangled in copying (a character dropped or changed), which would otherwise
seal a trainer's standing for a key nobody holds; the prefixes tell a secret key pasted
where the public one belongs, before it is published.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import re

PUBLIC_PREFIX = "cectrack-studio-1:"
SECRET_PREFIX = "CECTRACK-STUDIO-SECRET-1:"
KEY_BYTES = 32
_CHECK_BYTES = 4
TEXT_LENGTH = 48  # base64url of 36 bytes, no padding needed
PUBLIC_PATTERN = rf"^{PUBLIC_PREFIX}[A-Za-z0-9_-]{{{TEXT_LENGTH}}}$"


class BadKey(ValueError):
    """The text is no usable key; `message` says what was found, `hint` what to do."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


def _checksum(prefix: str, raw: bytes) -> bytes:
    return hashlib.sha256(prefix.encode("ascii") + raw).digest()[:_CHECK_BYTES]


def key_text(raw: bytes, secret: bool = False) -> str:
    prefix = SECRET_PREFIX if secret else PUBLIC_PREFIX
    body = base64.urlsafe_b64encode(raw + _checksum(prefix, raw)).decode("ascii")
    return prefix + body


def _body(text: str, prefix: str, what: str) -> bytes:
    body = text[len(prefix):]
    if len(body) != TEXT_LENGTH:
        raise BadKey(f"the {what} has {len(body)} characters after `{prefix}`; a whole key "
                     f"has {TEXT_LENGTH}", "copy it again, whole, on one line")
    try:
        data = base64.urlsafe_b64decode(body.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError):
        raise BadKey(f"the {what} holds characters a key never has",
                     "copy it again exactly as `cectrack team keygen` printed it") from None
    raw, check = data[:KEY_BYTES], data[KEY_BYTES:]
    if _checksum(prefix, raw) != check:
        raise BadKey(f"the {what} does not check out: a character differs from the key "
                     "that was made", "copy it again exactly as `cectrack team keygen` printed it")
    return raw


def read_public_key(text: str) -> bytes:
    """The 32 bytes of a studio's public key, or BadKey saying what is wrong with it."""
    text = text.strip()
    if text.upper().startswith(SECRET_PREFIX):
        raise BadKey("this is a studio's SECRET key, which must never be written in a "
                     "tracker (the site and the repository are public)",
                     "delete it now, ask the studio for its public key (it starts with "
                     f"`{PUBLIC_PREFIX}`), and tell the studio to make a new pair: this one "
                     "is no longer secret")
    if not text.startswith(PUBLIC_PREFIX):
        shown = text if len(text) <= 40 else text[:37] + "…"
        raise BadKey(f"a studio's public key starts with `{PUBLIC_PREFIX}`, found '{shown}'",
                     "ask the studio for the public key `cectrack team keygen` printed")
    return _body(text, PUBLIC_PREFIX, "public key")


def read_secret_key(text: str) -> bytes:
    """The 32 bytes of a studio's secret key (CECTRACK_TEAM_KEY), or BadKey."""
    text = text.strip()
    if text.startswith(PUBLIC_PREFIX):
        raise BadKey("this is the studio's public key; opening a standing needs the secret "
                     "key that `cectrack team keygen` printed with it",
                     f"set the secret key (it starts with `{SECRET_PREFIX}`)")
    if not text.startswith(SECRET_PREFIX):
        raise BadKey(f"a studio's secret key starts with `{SECRET_PREFIX}`",
                     "set the secret key exactly as `cectrack team keygen` printed it")
    return _body(text, SECRET_PREFIX, "secret key")


_SECRET_IN_TEXT = re.compile(re.escape(SECRET_PREFIX) + r"[A-Za-z0-9_=-]*", re.I)


def hide_secret_keys(text: str) -> str:
    """`text` with any studio secret key in it cut to its prefix: a line quoted under a
    problem (in a terminal, a CI log, the dashboard) never repeats a secret pasted by mistake."""
    return _SECRET_IN_TEXT.sub(SECRET_PREFIX + "…(hidden)", text)
