"""Forms of the staff pages: they parse and label input; the rules live in `services`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from raadsrum.councils.models import Committee, Council
from raadsrum.meetings.models import AgendaItem, AgendaSection, Attendance, FollowUp, Meeting
from raadsrum.meetings.services import DEFAULT_HEARING_DAYS

DATE = forms.DateInput(
    attrs={"type": "date", "class": "form-input input-width-s"}, format="%Y-%m-%d"
)
TIME = forms.TimeInput(attrs={"type": "time", "class": "form-input input-width-xs"}, format="%H:%M")


def _text(**attrs: Any) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-input", **attrs})


def _area(rows: int = 4, **attrs: Any) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "form-input", "rows": rows, **attrs})


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select"})


def _checkbox() -> forms.CheckboxInput:
    return forms.CheckboxInput(attrs={"class": "form-checkbox"})


class MeetingCreateForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Hvem holder mødet?"),
        queryset=Committee.objects.none(),
        required=False,
        widget=_select(),
        help_text=_("Udvalgs- og formandskabsmøder starter uden rådets faste punkter."),
    )
    date = forms.DateField(label=_("Dato"), widget=DATE)
    start_time = forms.TimeField(label=_("Starttid"), required=False, widget=TIME)
    end_time = forms.TimeField(label=_("Sluttid"), required=False, widget=TIME)
    title = forms.CharField(
        label=_("Titel"),
        required=False,
        max_length=200,
        widget=_text(),
        help_text=_("Fx 'Årsmøde med beskæftigelsesudvalgene'. Kan være tom."),
    )
    location = forms.CharField(label=_("Sted"), required=False, max_length=300, widget=_text())
    is_virtual = forms.BooleanField(label=_("Virtuelt møde"), required=False, widget=_checkbox())
    virtual_link = forms.URLField(
        label=_("Link til virtuelt møde"),
        required=False,
        widget=_text(type="url"),
        assume_scheme="https",
    )
    from_template = forms.BooleanField(
        label=_("Start med de faste punkter"),
        required=False,
        initial=True,
        widget=_checkbox(),
        help_text=_("Dagsordenen får rådets faste punkter, som du derefter kan redigere."),
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["committee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = council.committees.order_by("name")
        # The council itself is the empty choice: most meetings are council meetings.
        field.empty_label = str(_("Rådet (rådsmøde)"))
        field.label_from_instance = lambda c: c.name  # type: ignore[method-assign,assignment]
        if not field.queryset.exists():
            del self.fields["committee"]


class MeetingEditForm(forms.Form):
    """When and where; changing the date or time moves the calendar event."""

    date = forms.DateField(label=_("Dato"), widget=DATE)
    start_time = forms.TimeField(label=_("Starttid"), required=False, widget=TIME)
    end_time = forms.TimeField(label=_("Sluttid"), required=False, widget=TIME)
    title = forms.CharField(
        label=_("Titel"),
        required=False,
        max_length=200,
        widget=_text(),
        help_text=_("Fx 'Årsmøde med beskæftigelsesudvalgene'. Kan være tom."),
    )
    location = forms.CharField(label=_("Sted"), required=False, max_length=300, widget=_text())
    is_virtual = forms.BooleanField(label=_("Virtuelt møde"), required=False, widget=_checkbox())
    virtual_link = forms.URLField(
        label=_("Link til virtuelt møde"),
        required=False,
        widget=_text(type="url"),
        assume_scheme="https",
    )
    note = forms.CharField(
        label=_("Bemærkning på forsiden"),
        required=False,
        widget=_area(3),
        help_text=_("Vises øverst på dagsorden og referat, fx 'Mødet er flyttet fra 3. juni'."),
    )

    FIELDS = (
        "date",
        "start_time",
        "end_time",
        "title",
        "location",
        "is_virtual",
        "virtual_link",
        "note",
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        if not args and "data" not in kwargs:
            kwargs.setdefault("initial", {f: getattr(meeting, f) for f in self.FIELDS})
        super().__init__(*args, **kwargs)


class SectionEditForm(forms.Form):
    title = forms.CharField(label=_("Overskrift på temaet"), max_length=300, widget=_text())


class SectionAddForm(forms.Form):
    title = forms.CharField(label=_("Overskrift på temaet"), max_length=300, widget=_text())
    is_theme = forms.BooleanField(
        label=_("Tema (står først og nummereres 0)"), required=False, widget=_checkbox()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The composer shows this form beside the item form: its own ids keep each label
        # pointing at its own field (both have a `title`).
        kwargs.setdefault("auto_id", "id_section_%s")
        super().__init__(*args, **kwargs)


KINDS_HELP = _("B = beslutning, D = drøftelse, O = orientering; fx 'D/B'.")


class ItemAddForm(forms.Form):
    section = forms.ModelChoiceField(
        label=_("Under tema"),
        queryset=AgendaSection.objects.none(),
        widget=_select(),
        empty_label=None,
    )
    title = forms.CharField(label=_("Overskrift"), max_length=400, widget=_text())
    kinds = forms.CharField(
        label=_("Behandling"),
        required=False,
        max_length=10,
        help_text=KINDS_HELP,
        widget=_text(**{"class": "form-input input-width-xs"}),
    )
    has_presentation = forms.BooleanField(label=_("Oplæg"), required=False, widget=_checkbox())

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["section"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = meeting.sections.order_by("position")
        field.label_from_instance = lambda s: f"{s.number}. {s.title}"  # type: ignore[method-assign,assignment]


class ItemEditForm(forms.Form):
    """An item's fields, with the version it was loaded at (optimistic locking)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title = forms.CharField(label=_("Overskrift"), max_length=400, widget=_text())
    kinds = forms.CharField(
        label=_("Behandling"),
        required=False,
        max_length=10,
        help_text=KINDS_HELP,
        widget=_text(**{"class": "form-input input-width-xs"}),
    )
    has_presentation = forms.BooleanField(label=_("Oplæg"), required=False, widget=_checkbox())
    needs_follow_up = forms.BooleanField(
        label=_("Følges op på næste møde"), required=False, widget=_checkbox()
    )
    summary = forms.CharField(label=_("Sagen kort"), required=False, widget=_area(3))
    recommendation = forms.CharField(label=_("Indstilling"), required=False, widget=_area(3))
    presentation = forms.CharField(label=_("Sagsfremstilling"), required=False, widget=_area(6))
    next_steps = forms.CharField(label=_("Videre proces"), required=False, widget=_area(2))
    background = forms.CharField(label=_("Baggrund"), required=False, widget=_area(2))

    TEXT_FIELDS = ("summary", "recommendation", "presentation", "next_steps", "background")

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"item-{item.pk}-%s")
        if not args and "data" not in kwargs:
            kwargs.setdefault(
                "initial",
                {
                    "expected_version": item.version,
                    "title": item.title,
                    "kinds": "/".join(item.kinds),
                    "has_presentation": item.has_presentation,
                    "needs_follow_up": item.needs_follow_up,
                    **{f: getattr(item, f) for f in self.TEXT_FIELDS},
                },
            )
        super().__init__(*args, **kwargs)

    def changes(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("expected_version")
        return data


class ItemMoveForm(forms.Form):
    """Either a direction (the keyboard buttons) or a place (drag and drop)."""

    direction = forms.ChoiceField(
        choices=[("up", _("Flyt op")), ("down", _("Flyt ned"))], required=False
    )
    position = forms.IntegerField(required=False, min_value=0)
    section = forms.ModelChoiceField(queryset=AgendaSection.objects.none(), required=False)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["section"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = meeting.sections.all()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("direction") and data.get("position") is None:
            raise forms.ValidationError(_("Angiv, hvor punktet skal flyttes hen."))
        return data


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Titel på bilaget"), max_length=300, widget=_text())
    upload = forms.FileField(
        label=_("Fil (PDF, DOCX eller XLSX)"),
        widget=forms.ClearableFileInput(
            attrs={
                "class": "form-input",
                "accept": ".pdf,.docx,.xlsx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ),
    )
    members_only = forms.BooleanField(
        label=_("Kun for medlemmer (lægges i filkassen)"), required=False, widget=_checkbox()
    )

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"attachment-{item.pk}-%s")
        super().__init__(*args, **kwargs)


class AttendanceAddForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200, widget=_text())
    role = forms.ChoiceField(label=_("Rolle"), choices=Attendance.Role.choices, widget=_select())
    group = forms.CharField(
        label=_("Gruppe"),
        required=False,
        max_length=120,
        widget=_text(),
        help_text=_("Fx DA, FH eller KL"),
    )
    organisation = forms.CharField(
        label=_("Organisation"), required=False, max_length=200, widget=_text()
    )
    status = forms.ChoiceField(
        label=_("Fremmøde"),
        choices=Attendance.Status.choices,
        widget=_select(),
        initial=Attendance.Status.PRESENT,
    )


class AttendanceStatusForm(forms.Form):
    """Present, absent, or absent and represented by an alternate at the same meeting."""

    status = forms.ChoiceField(
        label=_("Fremmøde"), choices=Attendance.Status.choices, widget=_select()
    )
    represented_by = forms.ModelChoiceField(
        label=_("Repræsenteret ved"),
        queryset=Attendance.objects.none(),
        required=False,
        widget=_select(),
        empty_label=_("Ingen suppleant"),
    )

    def __init__(self, *args: Any, attendance: Attendance, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"attendance-{attendance.pk}-%s")
        if not args and "data" not in kwargs:
            kwargs.setdefault(
                "initial",
                {"status": attendance.status, "represented_by": attendance.represented_by_id},
            )
        super().__init__(*args, **kwargs)
        field = self.fields["represented_by"]
        assert isinstance(field, forms.ModelChoiceField)
        # Alternates first: they are the ones who stand in for a member.
        field.queryset = (
            Attendance.objects.filter(meeting_id=attendance.meeting_id)
            .exclude(pk=attendance.pk)
            .order_by(
                models.Case(models.When(role=Attendance.Role.ALTERNATE, then=0), default=1),
                "position",
                "pk",
            )
        )
        field.label_from_instance = _attendee_label  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == Attendance.Status.REPRESENTED and not data.get("represented_by"):
            self.add_error("represented_by", _("Vælg den suppleant, der repræsenterer medlemmet."))
        return data


def _attendee_label(row: Attendance) -> str:
    details = ", ".join(p for p in (str(row.get_role_display()), row.group) if p)
    return f"{row.name} ({details})"


class TransitionForm(forms.Form):
    name = forms.SlugField(max_length=40)


class DecisionForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    decision = forms.CharField(label=_("Beslutning"), required=False, widget=_area(5))

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"decision-{item.pk}-%s")
        if not args and "data" not in kwargs:
            kwargs.setdefault(
                "initial", {"expected_version": item.version, "decision": item.decision}
            )
        super().__init__(*args, **kwargs)


class MeetingEndForm(forms.Form):
    ended_at = forms.TimeField(label=_("Mødet sluttede kl."), widget=TIME)


class HearingForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("Frist for bemærkninger"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "form-input"}, format="%Y-%m-%dT%H:%M"
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        deadline = timezone.localtime() + dt.timedelta(days=DEFAULT_HEARING_DAYS)
        self.fields["deadline"].initial = deadline.replace(second=0, microsecond=0)
        self.fields["deadline"].help_text = _("Normalt en uge.")


class CorrectionForm(forms.Form):
    note = forms.CharField(
        label=_("Hvad rettes?"),
        widget=_area(3),
        help_text=_("Noten vises sammen med det rettede referat."),
    )


class HearingCommentForm(forms.Form):
    item = forms.ModelChoiceField(
        label=_("Punkt (valgfrit)"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("Hele referatet"),
        widget=_select(),
    )
    text = forms.CharField(label=_("Bemærkning"), widget=_area(4))

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = meeting.items.order_by("section__position", "position")
        field.label_from_instance = lambda i: f"{i.number} {i.title}"  # type: ignore[method-assign,assignment]


class FollowUpForm(forms.Form):
    owner = forms.CharField(label=_("Ansvarlig"), required=False, max_length=200, widget=_text())
    status = forms.ChoiceField(label=_("Status"), choices=FollowUp.Status.choices, widget=_select())
    note = forms.CharField(label=_("Status og bemærkning"), required=False, widget=_area(2))

    def __init__(self, *args: Any, follow_up: FollowUp, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"followup-{follow_up.pk}-%s")
        if not args and "data" not in kwargs:
            kwargs.setdefault(
                "initial",
                {"owner": follow_up.owner, "status": follow_up.status, "note": follow_up.note},
            )
        super().__init__(*args, **kwargs)


class StandingItemForm(forms.Form):
    """One row of the council's template of standing items."""

    section_title = forms.CharField(
        label=_("Tema"),
        max_length=300,
        widget=_text(list="standing-sections"),
    )
    title = forms.CharField(label=_("Overskrift"), max_length=400, widget=_text())
    # The page explains B/D/O once (#kinds-hint) rather than in every row.
    kinds = forms.CharField(
        label=_("Behandling"),
        required=False,
        max_length=10,
        widget=_text(**{"class": "form-input input-width-xs", "aria-describedby": "kinds-hint"}),
    )
    summary = forms.CharField(label=_("Sagen kort"), required=False, widget=_area(2))
    recommendation = forms.CharField(label=_("Indstilling"), required=False, widget=_area(2))

    FIELDS = ("section_title", "title", "kinds", "summary", "recommendation")


StandingItemFormSet = forms.formset_factory(StandingItemForm, extra=0)
