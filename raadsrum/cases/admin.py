"""Admin for the cases' configuration only.

Cases themselves are not in the admin on purpose: every read of a case must be recorded
in the audit log and every text checked for CPR numbers, which `access` and `services`
do and the admin would bypass.
"""

from django.contrib import admin

from raadsrum.cases.models import AdministrativeDecisionRule, RatioRequirement


@admin.register(AdministrativeDecisionRule)
class AdministrativeDecisionRuleAdmin(admin.ModelAdmin):
    list_display = (
        "council",
        "kind",
        "allowed",
        "principle_to_committee",
        "max_weeks",
        "valid_from",
        "valid_to",
    )
    list_filter = ("council", "kind")


@admin.register(RatioRequirement)
class RatioRequirementAdmin(admin.ModelAdmin):
    list_display = ("__str__", "council", "near_share", "valid_from", "valid_to")
