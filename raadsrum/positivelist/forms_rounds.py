"""Forms for the secretariat's positive-list pages (input parsing only; rules are services')."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from raadsrum.councils.models import Council
from raadsrum.positivelist.models import (
    BalanceCategory,
    Organisation,
    Round,
    RoundJobTitle,
)

DATE = forms.DateInput(
    attrs={"type": "date", "class": "form-input input-width-s"}, format="%Y-%m-%d"
)
TIME = forms.TimeInput(attrs={"type": "time", "class": "form-input input-width-xs"}, format="%H:%M")
UPLOAD = forms.ClearableFileInput(
    attrs={"class": "form-file-input", "accept": ".csv,.txt,.xlsx,.xlsm"}
)


def _text(**attrs: Any) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-input", **attrs})


def _area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "form-input", "rows": rows})


class CouncilChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class RoundCreateForm(forms.Form):
    council = CouncilChoiceField(
        label=_("Råd"),
        queryset=Council.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=Round.Kind.choices,
        initial=Round.Kind.YEARLY,
        widget=forms.RadioSelect(attrs={"class": "form-radio"}),
    )
    valid_from = forms.DateField(
        label=_("Listen gælder fra"),
        required=False,
        widget=DATE,
        help_text=_(
            "Tom: næste 1. april (årlig liste), næste 1. oktober (tilføjelser) eller i dag "
            "(ekstraordinær tilføjelse)."
        ),
    )
    title = forms.CharField(
        label=_("Titel"),
        required=False,
        max_length=200,
        widget=_text(),
        help_text=_("Tom: fx 'Positivlisten pr. 1. april 2027'."),
    )

    def __init__(self, *args: Any, councils: list[Council], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["council"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Council.objects.filter(pk__in=[c.pk for c in councils]).order_by("name")
        if len(councils) == 1:
            field.initial = councils[0].pk


def half_year_choices(on: dt.date, back: int = 6, ahead: int = 1) -> list[tuple[str, str]]:
    """Half-years around `on` as ('2026-07-01', '2. halvår 2026'), newest first."""
    current = on.year * 2 + (0 if on.month < 7 else 1)
    out = []
    for index in range(current + ahead, current - back - 1, -1):
        year, half = divmod(index, 2)
        start = dt.date(year, 1 if half == 0 else 7, 1)
        out.append(
            (start.isoformat(), str(_("%(n)s. halvår %(year)s") % {"n": half + 1, "year": year}))
        )
    return out


class BalanceImportForm(forms.Form):
    period_start = forms.TypedChoiceField(
        label=_("Halvår"),
        coerce=dt.date.fromisoformat,
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_("STAR opdaterer balancen i januar og juli."),
    )
    upload = forms.FileField(label=_("Fil (CSV eller Excel)"), widget=UPLOAD)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["period_start"]
        assert isinstance(field, forms.TypedChoiceField)
        choices = half_year_choices(timezone.localdate())
        field.choices = choices
        field.initial = choices[1][0]  # the half-year in progress (one ahead is first)


CATEGORY_FILTER_CHOICES = [(c.value, c.label) for c in BalanceCategory]


class BalanceFilterForm(forms.Form):
    """GET filters of the balance and the candidates (`kategori`, `q`)."""

    kategori = forms.MultipleChoiceField(
        label=_("Kategori"),
        required=False,
        choices=CATEGORY_FILTER_CHOICES,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )
    q = forms.CharField(
        label=_("Søg i stillingsbetegnelser eller DISCO-08-kode"),
        required=False,
        max_length=100,
        widget=_text(type="search"),
    )


class FixTitlesForm(forms.Form):
    fixed = forms.TypedMultipleChoiceField(
        label=_("Fastlagte stillingsbetegnelser"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        error_messages={"required": _("Vælg mindst én stillingsbetegnelse.")},
    )
    fixed_by = forms.CharField(
        label=_("Fastlagt af"),
        max_length=200,
        widget=_text(list="fixed-by-suggestions"),
        help_text=_("Fx Positivlisteudvalget eller Formandskabet"),
    )
    fixed_on = forms.DateField(label=_("Dato for beslutningen"), widget=DATE)
    decision = forms.CharField(label=_("Beslutning"), widget=_area(5))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, entries: list[RoundJobTitle], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["fixed"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [
            (
                e.job_title_id,
                f"{e.job_title}" + (f" ({e.get_category_display().lower()})" if e.category else ""),
            )
            for e in entries
        ]


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200, widget=_text())
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=Organisation.Kind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    email = forms.EmailField(
        label=_("Kontaktmail"), widget=forms.EmailInput(attrs={"class": "form-input"})
    )


class UploadForm(forms.Form):
    upload = forms.FileField(label=_("Fil (CSV eller Excel)"), widget=UPLOAD)


class OrganisationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display()}, {obj.email})"


class ConsultationOpenForm(forms.Form):
    deadline_date = forms.DateField(label=_("Svarfrist (dato)"), widget=DATE)
    deadline_time = forms.TimeField(
        label=_("Svarfrist (klokkeslæt)"), initial=dt.time(12, 0), widget=TIME
    )
    organisations = OrganisationChoiceField(
        label=_("Organisationer, der inviteres"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        error_messages={"required": _("Vælg mindst én organisation.")},
    )
    message = forms.CharField(
        label=_("Følgebrev"),
        required=False,
        widget=_area(6),
        help_text=_(
            "Står i e-mailen over listen af stillingsbetegnelser og organisationens "
            "personlige link."
        ),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = organisations
        if not self.is_bound:
            field.initial = [o.pk for o in organisations]

    def deadline(self) -> dt.datetime:
        """The deadline as an aware moment in the site's time zone."""
        moment = dt.datetime.combine(
            self.cleaned_data["deadline_date"], self.cleaned_data["deadline_time"]
        )
        return timezone.make_aware(moment)


class InviteForm(forms.Form):
    organisations = OrganisationChoiceField(
        label=_("Organisationer, der også inviteres"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        error_messages={"required": _("Vælg mindst én organisation.")},
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = organisations
