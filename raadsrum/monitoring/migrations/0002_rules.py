"""The dated rules as data: the 2020 focus targets and the refund-reform steps.

They are seeded here so every installation has them; later rules are added in the admin
with their own validity dates, and the reports name the rule they applied.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import migrations

FOCUS_RULE_2020 = {
    "name": "Fokusmål 2020",
    "valid_from": dt.date(2020, 1, 1),
    "no_offer_max_share": Decimal("20.00"),
    "few_interviews_max_share": Decimal("20.00"),
    "definition": (
        "Blandt personer med mindst 12 måneders anciennitet må under 20 % ikke have haft "
        "et aktivt tilbud (eller 6 ugers / 225 timers arbejde) inden for de seneste 12 måneder, "
        "og under 20 % må have haft færre end fire samtaler. En kommune, der klarer sig "
        "dårligere end forventet på resultatmålet og ikke opfylder mindst ét af fokusmålene, "
        "kan komme under skærpet tilsyn."
    ),
}

REFUND_SCHEME = "Refusionsreformen (offentlige forsørgelsesydelser)"
# ASSUMPTION TO CHECK: the steps as shown to KKR Nordjylland, taken to apply from the refund
# reform's start on Monday 4 January 2016 (week 1 of 2016). Verify the date against the law.
REFUND_VALID_FROM = dt.date(2016, 1, 4)
REFUND_STEPS = (
    (1, 4, Decimal("80.00")),
    (5, 26, Decimal("40.00")),
    (27, 52, Decimal("30.00")),
    (53, None, Decimal("20.00")),
)


def seed(apps: Any, schema_editor: Any) -> None:
    FocusTargetRule = apps.get_model("monitoring", "FocusTargetRule")
    RefundStep = apps.get_model("monitoring", "RefundStep")
    if not FocusTargetRule.objects.filter(name=FOCUS_RULE_2020["name"]).exists():
        FocusTargetRule.objects.create(**FOCUS_RULE_2020)
    for from_week, to_week, rate in REFUND_STEPS:
        RefundStep.objects.get_or_create(
            scheme=REFUND_SCHEME,
            valid_from=REFUND_VALID_FROM,
            from_week=from_week,
            defaults={"to_week": to_week, "rate": rate},
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("monitoring", "FocusTargetRule").objects.filter(
        name=FOCUS_RULE_2020["name"], valid_from=FOCUS_RULE_2020["valid_from"]
    ).delete()
    apps.get_model("monitoring", "RefundStep").objects.filter(
        scheme=REFUND_SCHEME, valid_from=REFUND_VALID_FROM
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
