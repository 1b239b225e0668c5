"""`{% decision_step round as step %}`: the data of a round page's recommendation step.

The step partial is included by the round page (another module's view), so it fetches what
it shows itself, through `list_selectors.decision_step`, and needs only `round` and the user.
"""

from __future__ import annotations

from typing import Any

from django import template

from raadsrum.positivelist.list_selectors import DecisionStep, decision_step
from raadsrum.positivelist.models import Round

register = template.Library()


@register.simple_tag(takes_context=True, name="decision_step")
def decision_step_tag(context: dict[str, Any], round: Round) -> DecisionStep:
    return decision_step(round=round, user=context["request"].user)
