"""Forms of the consultation page: they parse and label input; the rules live in the services.

The course fields are deliberately lenient (nothing required, the duration is text) so that
every rule is checked once, in `consultation_services.proposal_check`, and its messages are
put back beside the fields here. A draft may keep a course half-filled; `ProposalForm.missing`
names what it still lacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from raadsrum.core.danish import danish_number
from raadsrum.positivelist.consultation_services import (
    MAX_PROPOSALS,
    ProposalInput,
    ResponseInvalid,
)
from raadsrum.positivelist.models import CourseKind, CourseProposal, DurationUnit, JobTitle

PREFIX = "kursus"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _text(**attrs: Any) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-input", **attrs})


def _area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "form-input", "rows": rows})


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select"})


def duration_text(value: Decimal | None) -> str:
    """3 → '3', 0.5 → '0,5': as a person would write it in the form ('' when not given)."""
    if value is None:
        return ""
    return danish_number(value, 0 if value == value.to_integral_value() else 1)


class ResponseForm(forms.Form):
    """The answer as a whole: who to contact, and the version the page was loaded with."""

    contact_name = forms.CharField(
        label=_("Kontaktperson"),
        required=False,
        max_length=200,
        widget=_text(autocomplete="name"),
        help_text=_("Navnet på den, sekretariatet kan kontakte om forslagene."),
    )
    expected_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Kursustitel"), required=False, widget=_text())
    course_number = forms.CharField(
        label=_("Kursusnummer"),
        required=False,
        widget=_text(inputmode="numeric", **{"class": "form-input input-width-s"}),
        help_text=_("For AMU-kurser fem cifre, fx 40123. Valgfrit for andre kurser."),
    )
    provider = forms.CharField(label=_("Udbyder"), required=False, widget=_text())
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("Vælg type"))] + list(CourseKind.choices),
        widget=_select(),
    )
    duration = forms.CharField(
        label=_("Varighed"),
        required=False,
        widget=_text(inputmode="decimal", **{"class": "form-input input-width-xs"}),
        help_text=_("Fx 0,5 eller 3 dage, eller 5 ECTS-point."),
    )
    duration_unit = forms.ChoiceField(
        label=_("Enhed"),
        required=False,
        choices=DurationUnit.choices,
        initial=DurationUnit.DAYS,
        widget=_select(),
    )
    is_online = forms.BooleanField(
        label=_("Kurset kan tages online"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )
    job_title_ids = forms.TypedMultipleChoiceField(
        label=_("Stillingsbetegnelser, kurset retter sig mod"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )
    other_job_title = forms.CharField(
        label=_("Anden stillingsbetegnelse"),
        required=False,
        widget=_text(),
        help_text=_("Kun hvis kurset er til en stilling, der ikke er på listen ovenfor."),
    )
    other_reason = forms.CharField(
        label=_("Begrundelse for den anden stillingsbetegnelse"),
        required=False,
        widget=_area(),
    )
    description = forms.CharField(label=_("Beskrivelse"), required=False, widget=_area(4))

    def __init__(self, *args: Any, job_titles: list[JobTitle], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["job_title_ids"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(t.pk, t.title) for t in job_titles]
        # What the course still lacks before the answer can be submitted (set by the view).
        self.missing: list[str] = []

    def is_blank(self) -> bool:
        """Nothing typed in (the unit and online switches alone do not make a course)."""
        data = self.cleaned_data
        texts = ("title", "course_number", "provider", "kind", "duration")
        more = ("other_job_title", "other_reason", "description")
        return not any((data.get(n) or "").strip() for n in texts + more) and not data.get(
            "job_title_ids"
        )

    def to_input(self) -> ProposalInput:
        return self._input(self.cleaned_data)

    def shown_input(self) -> ProposalInput | None:
        """The course as the page shows it: what was typed (if it could be read) or what was
        saved; None for an empty course, one to be removed, or one with errors."""
        if not self.is_bound:
            return self._input(self.initial) if self.initial else None
        if not self.is_valid() or self.cleaned_data.get("DELETE") or self.is_blank():
            return None
        return self.to_input()

    @staticmethod
    def _input(data: Mapping[str, Any]) -> ProposalInput:
        return ProposalInput(
            title=data.get("title") or "",
            provider=data.get("provider") or "",
            kind=data.get("kind") or "",
            course_number=data.get("course_number") or "",
            duration=data.get("duration") or "",
            duration_unit=data.get("duration_unit") or DurationUnit.DAYS,
            is_online=bool(data.get("is_online")),
            job_title_ids=list(data.get("job_title_ids") or []),
            other_job_title=data.get("other_job_title") or "",
            other_reason=data.get("other_reason") or "",
            description=data.get("description") or "",
        )


ProposalFormSet = forms.formset_factory(
    ProposalForm,
    extra=0,
    can_delete=True,
    max_num=MAX_PROPOSALS,
    absolute_max=MAX_PROPOSALS,
)


def proposal_initial(proposal: CourseProposal) -> dict[str, Any]:
    return {
        "title": proposal.title,
        "course_number": proposal.course_number,
        "provider": proposal.provider,
        "kind": proposal.kind,
        "duration": duration_text(proposal.duration),
        "duration_unit": proposal.duration_unit,
        "is_online": proposal.is_online,
        "job_title_ids": [t.pk for t in proposal.job_titles.all()],
        "other_job_title": proposal.other_job_title,
        "other_reason": proposal.other_reason,
        "description": proposal.description,
    }


def show_errors(
    invalid: ResponseInvalid,
    *,
    head: ResponseForm,
    used_forms: list[ProposalForm],
) -> list[str]:
    """Put the service's errors beside their fields; return those that belong to no field."""
    general: list[str] = []
    for name, messages in invalid.response_errors.items():
        for message in messages:
            if name in head.fields:
                head.add_error(name, message)
            else:
                general.append(message)
    for index, field_errors in invalid.proposal_errors.items():
        form = used_forms[index]
        for name, messages in field_errors.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
    return general


class UploadForm(forms.Form):
    expected_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    upload = forms.FileField(
        label=_("Udfyldt skabelon (XLSX eller CSV)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-file-input", "accept": ".xlsx,.csv"}),
    )

    def clean_upload(self) -> Any:
        upload = self.cleaned_data["upload"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Filen er for stor: højst 5 MB."))
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Filen skal være XLSX (Excel) eller CSV."))
        return upload
