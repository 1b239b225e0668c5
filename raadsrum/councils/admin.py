"""Admin for councils, areas and people.

Reference data (regions, municipalities, councils, areas, member groups) may be corrected
here, although the files in `reference/` are the source to fix first. Seats and
chairmanships are added through the services so that the rules (alternates name a member,
vice chairs come from other groups, the previous chairmanship ends) hold here too.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from raadsrum.core.audit import audit_record
from raadsrum.core.errors import ValidationFailed
from raadsrum.councils import services
from raadsrum.councils.models import (
    Chairmanship,
    Committee,
    CommitteeMembership,
    Council,
    CouncilArea,
    MemberGroup,
    Membership,
    Municipality,
    Person,
    Region,
)


class AuditedAdmin(admin.ModelAdmin):
    """Plain edits of reference data still leave an audit row."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        action = "update" if change else "create"
        audit_record(
            actor=request.user,
            action=f"admin.{obj._meta.model_name}.{action}",
            target=obj,
            details={"fields": sorted(form.changed_data)},
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit_record(actor=request.user, action=f"admin.{obj._meta.model_name}.delete", target=obj)
        super().delete_model(request, obj)


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(AuditedAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name"]


class CouncilAreaInline(admin.TabularInline):
    model = CouncilArea
    extra = 0
    autocomplete_fields = ["municipality"]
    fields = ["municipality", "valid_from", "valid_to"]


@admin.register(Council)
class CouncilAdmin(AuditedAdmin):
    list_display = [
        "name",
        "slug",
        "kind",
        "region",
        "secretariat_name",
        "valid_from",
        "valid_to",
        "successor",
        "numbering_style",
    ]
    list_filter = ["kind", "region", "secretariat_name", "numbering_style"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CouncilAreaInline]
    fieldsets = [
        (None, {"fields": ["name", "name_genitive", "slug", "kind", "region"]}),
        (_("Gyldighed"), {"fields": ["valid_from", "valid_to", "successor", "legal_basis"]}),
        (
            _("Sekretariat og husstil"),
            {
                "fields": ["secretariat_name", "numbering_style", "theme_item_letters"],
            },
        ),
    ]


@admin.register(CouncilArea)
class CouncilAreaAdmin(AuditedAdmin):
    list_display = ["municipality", "council", "valid_from", "valid_to"]
    list_filter = ["council", "council__kind", "municipality__region"]
    search_fields = ["municipality__name", "municipality__code", "council__name"]
    autocomplete_fields = ["municipality", "council"]
    date_hierarchy = "valid_from"


@admin.register(MemberGroup)
class MemberGroupAdmin(AuditedAdmin):
    list_display = ["name", "code", "position"]
    list_editable = ["position"]
    search_fields = ["name", "code"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "person"
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "council",
        "role",
        "member_group",
        "valid_from",
        "valid_to",
        "represents",
    )
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["name", "organisation", "email", "user"]
    search_fields = ["name", "organisation", "email"]
    autocomplete_fields = ["user"]
    inlines = [MembershipInline]


class MembershipForm(forms.ModelForm):
    """Adds a seat through `membership_add`'s rules; a change may only end it or relabel it."""

    class Meta:
        model = Membership
        fields = [
            "council",
            "person",
            "role",
            "member_group",
            "alternate_for",
            "represents",
            "valid_from",
            "valid_to",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk is None and not self.errors:
            try:
                data["member_group"] = services.membership_check(
                    council=data["council"],
                    person=data["person"],
                    role=data["role"],
                    valid_from=data["valid_from"],
                    valid_to=data.get("valid_to"),
                    member_group=data.get("member_group"),
                    alternate_for=data.get("alternate_for"),
                )
            except ValidationFailed as error:
                raise forms.ValidationError(error.message) from error
        return data


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    list_display = [
        "person",
        "council",
        "role",
        "member_group",
        "represents",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["council", "role", "member_group", "council__kind"]
    search_fields = ["person__name", "represents", "council__name"]
    autocomplete_fields = ["person", "alternate_for", "council"]
    date_hierarchy = "valid_from"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return ["council", "person", "role", "member_group", "alternate_for", "valid_from"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if not change:
            created = services.membership_add(
                council=data["council"],
                person=data["person"],
                role=data["role"],
                valid_from=data["valid_from"],
                valid_to=data.get("valid_to"),
                member_group=data.get("member_group"),
                alternate_for=data.get("alternate_for"),
                represents=data.get("represents", ""),
                by=request.user,
            )
            obj.pk = created.pk
            return
        if "valid_to" in form.changed_data and obj.valid_to is not None:
            services.membership_end(membership=obj, valid_to=obj.valid_to, by=request.user)
        if "represents" in form.changed_data:
            obj.save(update_fields=["represents"])
            audit_record(
                actor=request.user,
                action="membership.update",
                target=obj,
                details={"fields": ["represents"]},
            )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # history: end a seat, never delete it


class CommitteeMembershipInline(admin.TabularInline):
    model = CommitteeMembership
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "is_chair", "valid_from", "valid_to"]


@admin.register(Committee)
class CommitteeAdmin(AuditedAdmin):
    list_display = ["name", "council", "kind", "slug"]
    list_filter = ["kind", "council"]
    search_fields = ["name", "council__name"]
    inlines = [CommitteeMembershipInline]


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(AuditedAdmin):
    list_display = ["person", "committee", "is_chair", "valid_from", "valid_to"]
    list_filter = ["committee__council", "committee__kind", "is_chair"]
    search_fields = ["person__name", "committee__name"]
    autocomplete_fields = ["person"]


class ChairmanshipForm(forms.ModelForm):
    class Meta:
        model = Chairmanship
        fields = [
            "council",
            "chair",
            "first_vice_chair",
            "second_vice_chair",
            "valid_from",
            "valid_to",
            "elected_on",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk is None and not self.errors:
            try:
                services.chairmanship_check(
                    council=data["council"],
                    chair=data["chair"],
                    first_vice_chair=data["first_vice_chair"],
                    second_vice_chair=data["second_vice_chair"],
                    valid_from=data["valid_from"],
                )
            except ValidationFailed as error:
                raise forms.ValidationError(error.message) from error
        return data


@admin.register(Chairmanship)
class ChairmanshipAdmin(admin.ModelAdmin):
    """Elections only: a chairmanship is history once recorded, so it is never edited here."""

    form = ChairmanshipForm
    list_display = [
        "council",
        "chair",
        "first_vice_chair",
        "second_vice_chair",
        "valid_from",
        "valid_to",
        "elected_on",
    ]
    list_filter = ["council"]
    search_fields = [
        "chair__person__name",
        "first_vice_chair__person__name",
        "second_vice_chair__person__name",
    ]
    autocomplete_fields = ["chair", "first_vice_chair", "second_vice_chair"]
    date_hierarchy = "valid_from"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is None else list(ChairmanshipForm.Meta.fields)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            return
        data = form.cleaned_data
        elected = services.chairmanship_elect(
            council=data["council"],
            chair=data["chair"],
            first_vice_chair=data["first_vice_chair"],
            second_vice_chair=data["second_vice_chair"],
            valid_from=data["valid_from"],
            valid_to=data.get("valid_to"),
            elected_on=data["elected_on"],
            by=request.user,
        )
        obj.pk = elected.pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
