"""The consultation's personal links: a random token in the link, only its hash stored.

A leaked database does not give working links, and the link alone gives access to one
organisation's answer and nothing else (no account needed).
"""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> tuple[str, str]:
    """(token for the link, hash to store)."""
    token = secrets.token_urlsafe(24)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
