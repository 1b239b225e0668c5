"""Template helpers for links to the case pages: shown only to those who may see cases."""

from __future__ import annotations

from typing import Any

from django import template

from raadsrum.cases.access import can_see_cases, case_councils_for_user
from raadsrum.councils.models import Council

register = template.Library()


@register.simple_tag(takes_context=True)
def user_sees_cases(context: template.Context) -> bool:
    """Whether the user may see any council's cases (asked once per request)."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if request is not None and hasattr(request, "_sees_cases"):
        return bool(request._sees_cases)
    sees = bool(case_councils_for_user(user=user))
    if request is not None:
        request._sees_cases = sees
    return sees


@register.filter
def may_see_cases_of(user: Any, council: Council) -> bool:
    return bool(user is not None and can_see_cases(user=user, council=council))
