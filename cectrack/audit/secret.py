"""The secret in an unlisted audit link: random, long enough, never derived from public data."""
from __future__ import annotations

import re
import secrets

SECRET_ENV = "CECTRACK_AUDIT_SECRET"
MIN_LENGTH = 22  # 22 URL-safe characters carry 132 bits when random: more than 128
_URL_SAFE = re.compile(r"[A-Za-z0-9_-]+")
_HOW = (f"run `cectrack secret` and put what it prints in the {SECRET_ENV} environment "
        "variable (in GitHub: Settings > Secrets and variables > Actions); do not write it "
        "in mkdocs.yml in a public repository")


def make_secret() -> str:
    """A fresh secret of 128 random bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


def secret_problem(secret: str | None) -> str | None:
    """Why `secret` cannot protect an audit link, or None when it can."""
    if not secret:
        return f"no secret is set: {_HOW}"
    if not _URL_SAFE.fullmatch(secret):
        return f"the secret may hold only letters, digits, - and _: {_HOW}"
    if len(secret) < MIN_LENGTH:
        return (f"the secret has {len(secret)} characters; at least {MIN_LENGTH} random "
                f"ones (128 bits) are needed: {_HOW}")
    if len(set(secret)) < 8:
        return f"the secret repeats too few characters to be random: {_HOW}"
    return None
