"""`{% screening_step round as step %}`: the data of a round page's screening step.

The step partial is included by the round page (another module's view), so it fetches what
it shows itself, through `screening_selectors.screening_step`.
"""

from __future__ import annotations

from typing import Any

from django import template

from raadsrum.positivelist.models import Round
from raadsrum.positivelist.screening_selectors import ScreeningStep, screening_step

register = template.Library()


@register.simple_tag(takes_context=True, name="screening_step")
def screening_step_tag(context: dict[str, Any], round: Round) -> ScreeningStep:
    return screening_step(round=round, user=context["request"].user)
