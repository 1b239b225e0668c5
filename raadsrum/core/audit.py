"""Recording who did what: every service that writes something worth tracing calls this."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from raadsrum.core.models import AuditEntry


def acting_user(user: User | AnonymousUser | None) -> User | None:
    """The user to store as the author of a change; None for anonymous or system writes."""
    return user if isinstance(user, User) and user.is_authenticated else None


def audit_record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    target: models.Model,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=acting_user(actor),
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        details=details or {},
    )
