"""Admin for the positive list: for looking things up and fixing reference data.

The flow itself (balance imports, rounds, consultations, screening, decisions) belongs to
the services, which check access and write the audit log; so the records they create are
read-only here, and only reference data (job titles, organisations, course-length rules)
can be edited. Token hashes are never shown.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from raadsrum.positivelist.models import (
    BalanceEntry,
    Consultation,
    ConsultationResponse,
    CourseLengthRule,
    CourseProposal,
    Invitation,
    JobTitle,
    LabourMarketBalance,
    ListedCourse,
    Organisation,
    PoolAllocation,
    PositiveList,
    PositiveListVersion,
    Round,
    RoundJobTitle,
    SupplementaryTitleProposal,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never changed: these records are written by the services only."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(JobTitle)
class JobTitleAdmin(admin.ModelAdmin):
    list_display = ("title", "disco_code")
    search_fields = ("title", "disco_code")


class BalanceEntryInline(ReadOnlyInline):
    model = BalanceEntry
    fields = ("job_title", "category", "expected_openings")
    readonly_fields = fields


@admin.register(LabourMarketBalance)
class LabourMarketBalanceAdmin(ReadOnlyAdmin):
    list_display = ("council", "period_start", "imported_at", "imported_by", "source_name")
    list_filter = ("council", "period_start")
    inlines = [BalanceEntryInline]


@admin.register(BalanceEntry)
class BalanceEntryAdmin(ReadOnlyAdmin):
    list_display = ("job_title", "category", "expected_openings", "balance")
    list_filter = ("category", "balance__council")
    search_fields = ("job_title__title",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "email", "council", "is_active")
    list_filter = ("council", "kind", "is_active")
    search_fields = ("name", "email")


class RoundJobTitleInline(ReadOnlyInline):
    model = RoundJobTitle
    fields = ("job_title", "category", "is_fixed", "note")
    readonly_fields = fields


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ("title", "council", "kind", "valid_from", "status")
    list_filter = ("council", "kind", "status")
    inlines = [RoundJobTitleInline]


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ("round", "deadline", "opened_at")


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "consultation", "sent_at")
    exclude = ("token_hash",)


@admin.register(ConsultationResponse)
class ConsultationResponseAdmin(ReadOnlyAdmin):
    list_display = ("invitation", "status", "contact_name", "submitted_at")
    list_filter = ("status",)


@admin.register(CourseProposal)
class CourseProposalAdmin(ReadOnlyAdmin):
    list_display = ("course_number", "title", "provider", "kind", "duration", "status")
    list_filter = ("status", "kind")
    search_fields = ("course_number", "title", "provider")


class ListedCourseInline(ReadOnlyInline):
    model = ListedCourse
    fields = ("course_number", "title", "provider", "duration", "duration_unit", "added_on")
    readonly_fields = fields


@admin.register(PositiveList)
class PositiveListAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "council")


@admin.register(PositiveListVersion)
class PositiveListVersionAdmin(ReadOnlyAdmin):
    list_display = ("positive_list", "number", "valid_from", "valid_to", "round")
    inlines = [ListedCourseInline]


@admin.register(ListedCourse)
class ListedCourseAdmin(ReadOnlyAdmin):
    list_display = ("course_number", "title", "provider", "version", "added_on")
    search_fields = ("course_number", "title", "provider")


@admin.register(CourseLengthRule)
class CourseLengthRuleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "council", "valid_from", "valid_to")


@admin.register(PoolAllocation)
class PoolAllocationAdmin(ReadOnlyAdmin):
    list_display = ("municipality", "year", "allocation", "spent")
    list_filter = ("year",)


@admin.register(SupplementaryTitleProposal)
class SupplementaryTitleProposalAdmin(ReadOnlyAdmin):
    list_display = ("job_title", "council", "status", "valid_from", "valid_to")
    list_filter = ("council", "status")
