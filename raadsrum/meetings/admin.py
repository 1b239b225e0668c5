"""Admin for power users. Listing and searching is free; writes that have rules go via services."""

from django.contrib import admin

from raadsrum.meetings.models import (
    AgendaItem,
    AgendaSection,
    AnnualPlanEntry,
    Attachment,
    Attendance,
    FollowUp,
    HearingComment,
    Meeting,
    Minutes,
    StandingItem,
    WrittenHearing,
)


class SectionInline(admin.TabularInline):
    model = AgendaSection
    fields = ("number", "title", "is_theme")
    readonly_fields = ("number",)
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    fields = ("name", "organisation", "group", "role", "status")
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "council", "committee", "date", "status", "agenda_status")
    list_filter = ("council", "status", "agenda_status")
    date_hierarchy = "date"
    search_fields = ("title", "council__name")
    inlines = [SectionInline, AttendanceInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "kinds", "has_presentation", "meeting")
    list_filter = ("meeting__council", "kinds")
    search_fields = ("title", "decision", "summary")
    readonly_fields = ("number", "version", "updated_at", "updated_by")


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ("meeting", "version", "status", "approved_at", "published_at")
    list_filter = ("status",)
    readonly_fields = ("snapshot", "approved_at", "approved_by", "published_at")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Published minutes are immutable; corrections are new versions made by the service.
        if obj is not None and obj.status == Minutes.Status.PUBLISHED:
            return False
        return super().has_change_permission(request, obj)


admin.site.register(Attachment, list_display=("number", "title", "item", "members_only"))
admin.site.register(WrittenHearing, list_display=("minutes", "deadline", "sent_at", "closed_at"))
admin.site.register(HearingComment, list_display=("hearing", "author", "created_at"))
admin.site.register(FollowUp, list_display=("title", "meeting", "owner", "status"))
admin.site.register(StandingItem, list_display=("council", "position", "title", "kinds"))
admin.site.register(AnnualPlanEntry, list_display=("council", "starts_on", "kind", "title"))
