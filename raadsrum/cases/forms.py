"""Forms of the case pages: they parse and label input; the rules live in `services`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from raadsrum.cases.imports import ImportRejected, Quarter, parse_quarter, read_table
from raadsrum.cases.models import (
    CASE_MODELS,
    Case,
    CaseKind,
    CaseStatus,
    HearingAnswer,
    Outcome,
)
from raadsrum.cases.overview import label
from raadsrum.cases.workflows import OUTCOMES
from raadsrum.core.errors import ValidationFailed
from raadsrum.councils.models import Council, Dated, Membership, Municipality, Role
from raadsrum.councils.selectors import council_lineage

# The case types in addresses (/sager/ny/arbejdsfordeling/) and filters (?type=varsling).
KIND_SLUGS: dict[str, CaseKind] = {
    "arbejdsfordeling": CaseKind.WORK_SHARING,
    "varsling": CaseKind.LAYOFF_NOTICE,
    "arbejdstilladelse": CaseKind.WORK_PERMIT_HEARING,
    "samfundstjeneste": CaseKind.COMMUNITY_SERVICE,
    "nytteindsats": CaseKind.UTILITY_JOB_DISPENSATION,
    "klv": CaseKind.KLV_REPORT,
}
SLUG_FOR_KIND: dict[str, str] = {kind: slug for slug, kind in KIND_SLUGS.items()}
# KLV lists come as files (the import), not through a form.
FORM_KINDS = [k for k in KIND_SLUGS.values() if k != CaseKind.KLV_REPORT]

DATE = forms.DateInput(
    attrs={"type": "date", "class": "form-input input-width-s"}, format="%Y-%m-%d"
)


def _text(**attrs: Any) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-input", **attrs})


def _area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "form-input", "rows": rows})


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select"})


def _checkbox() -> forms.CheckboxInput:
    return forms.CheckboxInput(attrs={"class": "form-checkbox"})


def _council_field(councils: list[Council]) -> forms.ModelChoiceField[Council]:
    field = forms.ModelChoiceField(
        label=_("Råd"),
        queryset=Council.objects.filter(pk__in=[c.pk for c in councils]).order_by("name"),
        widget=_select(),
        empty_label=None,
    )
    field.label_from_instance = lambda c: c.name  # type: ignore[method-assign,assignment]
    return field


def area_municipalities(councils: list[Council]) -> QuerySet[Municipality]:
    """The municipalities in the councils' areas today (and their successors')."""
    bodies = {body.pk for c in councils for body in council_lineage(council=c)}
    return (
        Municipality.objects.filter(
            Dated.valid_on(timezone.localdate(), prefix="council_areas__"),
            council_areas__council__in=bodies,
        )
        .distinct()
        .order_by("name")
    )


def secretariat_users(councils: list[Council]) -> QuerySet[User]:
    """Users in the councils' secretariats today: the possible assignees."""
    return (
        User.objects.filter(
            person__memberships__in=Membership.objects.filter(
                Dated.valid_on(timezone.localdate()),
                role=Role.SECRETARIAT,
                council__in=[c.pk for c in councils],
            )
        )
        .select_related("person")  # the labels show the person's name: no query per user
        .distinct()
        .order_by("first_name", "username")
    )


def _name(obj: Any) -> str:
    return str(obj.name)


def _user_label(user: User) -> str:
    person = getattr(user, "person", None)
    return (person.name if person else "") or user.get_full_name() or user.username


# --- The case list -------------------------------------------------------------------------------


class CaseFilterForm(forms.Form):
    raad = forms.ModelChoiceField(
        label=_("Råd"),
        queryset=Council.objects.none(),
        required=False,
        widget=_select(),
        to_field_name="slug",
        empty_label=_("Alle råd"),
    )
    type = forms.ChoiceField(label=_("Sagstype"), required=False, widget=_select())
    status = forms.ChoiceField(label=_("Status"), required=False, widget=_select())
    sagsbehandler = forms.ModelChoiceField(
        label=_("Sagsbehandler"),
        queryset=User.objects.none(),
        required=False,
        widget=_select(),
        empty_label=_("Alle"),
    )
    frist = forms.BooleanField(
        label=_("Frist senest i denne uge (åbne sager)"), required=False, widget=_checkbox()
    )

    def __init__(self, *args: Any, councils: list[Council], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        raad = self.fields["raad"]
        assert isinstance(raad, forms.ModelChoiceField)
        raad.queryset = Council.objects.filter(pk__in=[c.pk for c in councils]).order_by("name")
        raad.label_from_instance = lambda c: c.name  # type: ignore[method-assign,assignment]
        if len(councils) < 2:
            del self.fields["raad"]
        type_field = self.fields["type"]
        assert isinstance(type_field, forms.ChoiceField)
        type_field.choices = [("", _("Alle typer"))] + [
            (slug, kind.label) for slug, kind in KIND_SLUGS.items()
        ]
        status_field = self.fields["status"]
        assert isinstance(status_field, forms.ChoiceField)
        status_field.choices = [("", _("Alle"))] + list(CaseStatus.choices)
        assignee = self.fields["sagsbehandler"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = secretariat_users(councils)
        assignee.label_from_instance = _user_label  # type: ignore[method-assign,assignment]

    @property
    def kind(self) -> str:
        slug = self.cleaned_data.get("type") or ""
        return KIND_SLUGS[slug].value if slug else ""

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.cleaned_data.get(n) for n in self.fields)


class BulkDecisionForm(forms.Form):
    """Decide the ticked cases administratively, each under the council's rule."""

    case = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=True)
    reasons = forms.CharField(
        label=_("Begrundelse (samme for alle)"), required=False, widget=_area(2)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        posted = self.data.getlist("case") if hasattr(self.data, "getlist") else []
        field = self.fields["case"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(v, v) for v in posted if str(v).isdigit()]
        field.error_messages["required"] = _("Vælg de sager, der skal afgøres.")


# --- Intake --------------------------------------------------------------------------------------


def _formfield(model_field: models.Field[Any, Any]) -> forms.Field | None:
    field = model_field.formfield()
    if field is None:
        return None
    if isinstance(field, forms.BooleanField):
        field.widget = _checkbox()
    elif isinstance(field, forms.DateField):
        field.widget = DATE
    elif isinstance(field, forms.TypedChoiceField | forms.ModelChoiceField):
        field.widget = _select()
    elif isinstance(field.widget, forms.Textarea):
        field.widget = _area(4)
    elif isinstance(field, forms.IntegerField | forms.DecimalField):
        field.widget = forms.NumberInput(attrs={"class": "form-input input-width-s"})
    else:
        field.widget = _text()
    field.label = label(model_field)
    return field


class CaseCreateForm(forms.Form):
    """The common fields, then the type's own fields taken from its model."""

    def __init__(self, *args: Any, kind: str, councils: list[Council], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if len(councils) > 1:
            self.fields["council"] = _council_field(councils)
        self.council = councils[0] if len(councils) == 1 else None
        model = CASE_MODELS[CaseKind(kind)]
        self.fields["title"] = forms.CharField(
            label=_("Titel"),
            required=False,
            max_length=300,
            widget=_text(),
            help_text=_("Tom: titlen dannes af sagstypen og virksomhedens navn."),
        )
        self.fields["received_on"] = forms.DateField(
            label=_("Modtaget"), widget=DATE, initial=timezone.localdate
        )
        self.fields["deadline"] = forms.DateField(label=_("Frist"), required=False, widget=DATE)
        base = {f.name for f in Case._meta.concrete_fields}
        self.detail_names: list[str] = []
        for model_field in model._meta.concrete_fields:
            if model_field.name in base or model_field.name.endswith("_ptr"):
                continue
            form_field = _formfield(model_field)
            if form_field is None:
                continue
            if model_field.name == "municipality":
                assert isinstance(form_field, forms.ModelChoiceField)
                form_field.queryset = area_municipalities(councils)
                form_field.label_from_instance = _name  # type: ignore[method-assign,assignment]
            self.fields[model_field.name] = form_field
            self.detail_names.append(model_field.name)
        self.fields["is_question_of_principle"] = forms.BooleanField(
            label=_("Principiel sag"),
            required=False,
            widget=_checkbox(),
            help_text=_("Principielle sager afgøres af sagsudvalget."),
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        council = data.pop("council", None) or self.council
        return {"council": council, "kind": self.kind, **data}


# --- Handling a case -----------------------------------------------------------------------------


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Nyt notat"), widget=_area(3))


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), required=False, max_length=300, widget=_text())
    upload = forms.FileField(
        label=_("Fil"), widget=forms.ClearableFileInput(attrs={"class": "form-file-input"})
    )


class HandlingForm(forms.Form):
    """Deadline and principle mark (case_update) and the assignee (case_assign)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    deadline = forms.DateField(label=_("Frist"), required=False, widget=DATE)
    is_question_of_principle = forms.BooleanField(
        label=_("Principiel sag"),
        required=False,
        widget=_checkbox(),
        help_text=_("Principielle sager afgøres af sagsudvalget."),
    )
    assignee = forms.ModelChoiceField(
        label=_("Sagsbehandler"),
        queryset=User.objects.none(),
        required=False,
        widget=_select(),
        empty_label=_("Ingen"),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        if not args and "data" not in kwargs:
            kwargs.setdefault(
                "initial",
                {
                    "expected_version": case.version,
                    "deadline": case.deadline,
                    "is_question_of_principle": case.is_question_of_principle,
                    "assignee": case.assignee_id,
                },
            )
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = secretariat_users([case.council])
        field.label_from_instance = _user_label  # type: ignore[method-assign,assignment]


def _outcome_field(kind: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Udfald"),
        choices=[(o.value, o.label) for o in OUTCOMES[kind]],
        widget=forms.RadioSelect(attrs={"class": "form-radio"}),
        initial=OUTCOMES[kind][0].value,
    )


class DecisionForm(forms.Form):
    """The outcome, the decision's wording and its reasons (administrative or committee)."""

    decision = forms.CharField(
        label=_("Afgørelse"),
        required=False,
        widget=_area(3),
        help_text=_("Tom: udfaldet bruges som afgørelsens tekst."),
    )
    reasons = forms.CharField(label=_("Begrundelse"), required=False, widget=_area(4))

    def __init__(self, *args: Any, kind: str, prefix: str = "decide", **kwargs: Any) -> None:
        kwargs["prefix"] = prefix
        super().__init__(*args, **kwargs)
        self.fields = {"outcome": _outcome_field(kind), **self.fields}


class HearingSendForm(forms.Form):
    deadline = forms.DateField(
        label=_("Svarfrist"),
        widget=DATE,
        help_text=_("Medlemmerne kan svare til og med kl. 23.59 den dag."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"deadline": timezone.localdate() + dt.timedelta(days=5)})
        super().__init__(*args, **kwargs)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Hvorfor genoptages sagen?"), widget=_area(2))


class TransitionForm(forms.Form):
    name = forms.SlugField(max_length=40)


class HearingAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Dit svar"),
        choices=HearingAnswer.Answer.choices,
        widget=forms.RadioSelect(attrs={"class": "form-radio"}),
    )
    text = forms.CharField(
        label=_("Bemærkning"),
        required=False,
        widget=_area(4),
        help_text=_("Skal udfyldes, hvis du svarer med en bemærkning."),
    )


# --- Imports -------------------------------------------------------------------------------------


class _ImportForm(forms.Form):
    upload = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-file-input", "accept": ".csv,.txt,.xlsx,.xlsm"}
        ),
    )

    def __init__(self, *args: Any, councils: list[Council], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.council = councils[0] if len(councils) == 1 else None
        if len(councils) > 1:
            self.fields = {"council": _council_field(councils), **self.fields}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.council:
            self.council = data.get("council")
        upload = data.get("upload")
        if upload is not None:
            try:
                data["table"] = read_table(upload.read(), upload.name or "")
            except ValidationFailed as failed:
                self.add_error("upload", failed.message)
        return data


class WorkSharingImportForm(_ImportForm):
    pass


class KLVImportForm(_ImportForm):
    municipality = forms.ModelChoiceField(
        label=_("Kommune"), queryset=Municipality.objects.none(), widget=_select()
    )
    quarter = forms.CharField(
        label=_("Kvartal"),
        max_length=20,
        widget=_text(**{"class": "form-input input-width-s"}),
        help_text=_("Fx 2026K1 eller '1. kvartal 2026'."),
    )

    def __init__(self, *args: Any, councils: list[Council], **kwargs: Any) -> None:
        super().__init__(*args, councils=councils, **kwargs)
        field = self.fields["municipality"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = area_municipalities(councils)
        field.label_from_instance = lambda m: m.name  # type: ignore[method-assign,assignment]
        if not self.is_bound:
            today = timezone.localdate()
            previous = Quarter(today.year, (today.month - 1) // 3 + 1)
            self.initial["quarter"] = str(previous)

    def clean_quarter(self) -> Quarter:
        try:
            return parse_quarter(self.cleaned_data["quarter"])
        except ValidationFailed as failed:
            raise forms.ValidationError(failed.message) from failed


__all__ = ["ImportRejected", "Outcome"]
