"""Admin for monitoring: the dated rules (focus targets, refund steps) are edited here, each
new rule with its own validity dates; measures and sources may be corrected. Figures, loads
and built notes are read-only: figures come in through the loader (which keeps revisions),
notes are built by the key-figures service.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from raadsrum.councils.admin import AuditedAdmin
from raadsrum.monitoring.models import (
    FocusTargetRule,
    KeyFiguresReport,
    Measure,
    Observation,
    RefundStep,
    Source,
    StatisticsLoad,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Source)
class SourceAdmin(AuditedAdmin):
    list_display = ["name", "code", "is_synthetic", "url"]
    list_filter = ["is_synthetic"]
    search_fields = ["name", "code"]


@admin.register(Measure)
class MeasureAdmin(AuditedAdmin):
    list_display = ["name", "code", "unit", "aggregation"]
    list_filter = ["unit", "aggregation"]
    search_fields = ["name", "code"]


@admin.register(StatisticsLoad)
class StatisticsLoadAdmin(ReadOnlyAdmin):
    list_display = [
        "started_at",
        "source",
        "description",
        "rows_read",
        "rows_new",
        "rows_revised",
        "rows_unchanged",
        "loaded_by",
    ]
    list_filter = ["source"]
    list_select_related = ["source", "loaded_by"]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = [
        "measure",
        "area_kind",
        "area_code",
        "period_kind",
        "period_start",
        "breakdown_kind",
        "breakdown_value",
        "value",
        "source",
        "revision",
        "is_current",
    ]
    list_filter = ["source", "area_kind", "period_kind", "is_current", "measure"]
    search_fields = ["area_code", "measure__code", "breakdown_value"]
    list_select_related = ["measure", "source"]
    date_hierarchy = "period_start"
    show_full_result_count = False  # the table is large; counting it all is slow


def _check_share(value: Any) -> None:
    if value is not None and not 0 <= value <= 100:
        raise forms.ValidationError(_("Andelen skal ligge mellem 0 og 100 %."))


class FocusTargetRuleForm(forms.ModelForm):
    class Meta:
        model = FocusTargetRule
        fields = [
            "name",
            "valid_from",
            "valid_to",
            "no_offer_max_share",
            "few_interviews_max_share",
            "definition",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field in ("no_offer_max_share", "few_interviews_max_share"):
            try:
                _check_share(data.get(field))
            except forms.ValidationError as error:
                self.add_error(field, error)
        _check_dates(self, data)
        return data


def _check_dates(form: forms.ModelForm, data: dict[str, Any]) -> None:
    start, end = data.get("valid_from"), data.get("valid_to")
    if start and end and end < start:
        form.add_error("valid_to", _("Slutdatoen ligger før startdatoen."))


@admin.register(FocusTargetRule)
class FocusTargetRuleAdmin(AuditedAdmin):
    """A later rule is a new row from its own date; end the old one the day before."""

    form = FocusTargetRuleForm
    list_display = [
        "name",
        "valid_from",
        "valid_to",
        "no_offer_max_share",
        "few_interviews_max_share",
    ]


class RefundStepForm(forms.ModelForm):
    class Meta:
        model = RefundStep
        fields = ["scheme", "valid_from", "valid_to", "from_week", "to_week", "rate"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from_week"), data.get("to_week")
        if start is not None and start < 1:
            self.add_error("from_week", _("Ugerne tælles fra uge 1."))
        if start is not None and end is not None and end < start:
            self.add_error("to_week", _("Til-ugen ligger før fra-ugen."))
        try:
            _check_share(data.get("rate"))
        except forms.ValidationError as error:
            self.add_error("rate", error)
        _check_dates(self, data)
        return data


@admin.register(RefundStep)
class RefundStepAdmin(AuditedAdmin):
    """A new set of steps is new rows from its own date; end the old set the day before."""

    form = RefundStepForm
    list_display = ["scheme", "valid_from", "valid_to", "from_week", "to_week", "rate"]
    list_filter = ["scheme", "valid_from"]


@admin.register(KeyFiguresReport)
class KeyFiguresReportAdmin(ReadOnlyAdmin):
    list_display = ["council", "period_start", "is_synthetic", "built_at", "built_by"]
    list_filter = ["council", "is_synthetic"]
    list_select_related = ["council", "built_by"]
