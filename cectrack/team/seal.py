"""A trainer's standing sealed for a studio, so that only the studio can read it.

HPKE (RFC 9180) in base mode, single-shot: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and
ChaCha20-Poly1305, from the `cryptography` package (pyca) that cectrack already uses for
its audit packets.  HPKE is the standard form of a sealed box: a fresh ephemeral key per
message, the key schedule bound to the recipient's public key and to our `info` label, and
an authenticated cipher, so a changed byte or another studio's key opens nothing.

The published file holds one box per studio the trainer lists, and says nothing about which
studio each is for: a studio tries its key on each (a few at most).  An observer learns how
many studios a trainer shares with, never which.
    {"v": 1, "kind": "cectrack-sealed-standing", "cipher": SUITE_NAME, "boxes": [b64, …]}
"""
from __future__ import annotations

import base64
import binascii
import json
from typing import Any, Sequence

from ..records.studiokey import key_text

SEALED_NAME = "standing.sealed.json"  # beside status.json in a trainer's site
KIND = "cectrack-sealed-standing"
SUITE_NAME = "HPKE-base X25519-HKDF-SHA256 HKDF-SHA256 ChaCha20-Poly1305"
INFO = b"cectrack standing v1"
MAX_BOXES = 16  # studios one trainer shares with; more is no file cectrack wrote


def _suite():
    from cryptography.hazmat.primitives import (
        hpke,  # loaded only when sealing or opening
    )
    return hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)


def new_key_pair() -> tuple[str, str]:
    """(public key text, secret key text) of a new studio key pair."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        PublicFormat,
    )
    secret = X25519PrivateKey.generate()
    public = secret.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    raw = secret.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return key_text(public), key_text(raw, secret=True)


def seal_for(keys: Sequence[bytes], data: bytes) -> bytes:
    """`data` sealed once for each studio's public key (32 raw bytes each)."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
    suite = _suite()
    boxes = [base64.b64encode(suite.encrypt(data, X25519PublicKey.from_public_bytes(key), INFO))
             .decode("ascii") for key in keys[:MAX_BOXES]]
    return (json.dumps({"v": 1, "kind": KIND, "cipher": SUITE_NAME, "boxes": boxes})
            + "\n").encode("ascii")


def is_sealed(document: Any) -> bool:
    return isinstance(document, dict) and document.get("kind") == KIND


class CannotOpen(ValueError):
    """The sealed file does not open with this key; the message says why, in words."""


def open_sealed(document: dict, secret: bytes) -> bytes:
    """The plain standing in a sealed file (parsed JSON) for the studio's secret key."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    boxes = document.get("boxes")
    if document.get("v") != 1 or document.get("cipher") != SUITE_NAME:
        raise CannotOpen("it is sealed in a form this version of cectrack does not know "
                         f"(v {document.get('v')!r}); update cectrack")
    if not isinstance(boxes, list) or not 0 < len(boxes) <= MAX_BOXES \
            or not all(isinstance(box, str) for box in boxes):
        raise CannotOpen(f"its `boxes` are not a list of 1 to {MAX_BOXES} sealed copies")
    key, suite = X25519PrivateKey.from_private_bytes(secret), _suite()
    for box in boxes:
        try:
            return suite.decrypt(base64.b64decode(box, validate=True), key, INFO)
        except (InvalidTag, binascii.Error, ValueError):
            continue  # another studio's copy, or a damaged one: try the next
    raise CannotOpen("none of its sealed copies opens with your key (CECTRACK_TEAM_KEY): the "
                     "trainer's profile lists another key, or the file was changed")
