from django.contrib import admin

from raadsrum.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only and nobody edits or deletes it."""

    list_display = ("at", "actor", "action", "target_repr")
    list_filter = ("action",)
    search_fields = ("target_repr", "action", "actor__username")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
