"""The dated rules every installation starts with: the 2020 focus targets and the steps of
the refund reform.

Migration 0002 seeds the same rows (with its own frozen copy, as migrations must); the demo
calls `rules_ensure` so a database whose rules were deleted gets them back. Later rules are
added in the admin with their own validity dates; nothing here changes an existing row.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from raadsrum.core.audit import audit_record
from raadsrum.monitoring.models import FocusTargetRule, RefundStep

FOCUS_RULE_2020_NAME = "Fokusmål 2020"
FOCUS_RULE_2020_FROM = dt.date(2020, 1, 1)
FOCUS_RULE_2020_DEFINITION = (
    "Blandt personer med mindst 12 måneders anciennitet må under 20 % ikke have haft "
    "et aktivt tilbud (eller 6 ugers / 225 timers arbejde) inden for de seneste 12 måneder, "
    "og under 20 % må have haft færre end fire samtaler. En kommune, der klarer sig "
    "dårligere end forventet på resultatmålet og ikke opfylder mindst ét af fokusmålene, "
    "kan komme under skærpet tilsyn."
)

REFUND_SCHEME = "Refusionsreformen (offentlige forsørgelsesydelser)"
# ASSUMPTION TO CHECK: the steps as shown to KKR Nordjylland, taken to apply from the refund
# reform's start on Monday 4 January 2016 (week 1 of 2016). Verify the date against the law.
REFUND_VALID_FROM = dt.date(2016, 1, 4)
REFUND_STEPS: tuple[tuple[int, int | None, Decimal], ...] = (
    (1, 4, Decimal("80.00")),
    (5, 26, Decimal("40.00")),
    (27, 52, Decimal("30.00")),
    (53, None, Decimal("20.00")),
)


@transaction.atomic
def rules_ensure() -> int:
    """Create the starting rules that are missing; returns how many rows were created."""
    made = 0
    if not FocusTargetRule.objects.exists():
        rule = FocusTargetRule.objects.create(
            name=FOCUS_RULE_2020_NAME,
            valid_from=FOCUS_RULE_2020_FROM,
            no_offer_max_share=Decimal("20.00"),
            few_interviews_max_share=Decimal("20.00"),
            definition=FOCUS_RULE_2020_DEFINITION,
        )
        audit_record(actor=None, action="monitoring.focus_rule.seed", target=rule)
        made += 1
    if not RefundStep.objects.exists():
        for from_week, to_week, rate in REFUND_STEPS:
            step = RefundStep.objects.create(
                scheme=REFUND_SCHEME,
                valid_from=REFUND_VALID_FROM,
                from_week=from_week,
                to_week=to_week,
                rate=rate,
            )
            audit_record(actor=None, action="monitoring.refund_step.seed", target=step)
            made += 1
    return made
