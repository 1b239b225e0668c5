"""The search form of the portal's archive page (`/arkiv/soeg/`): query, filters, order."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from raadsrum.archive.search_models import SearchEntry
from raadsrum.councils.selectors import council_list

YEARS = range(2000, 2041)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Søg efter"),
        max_length=200,
        required=False,
        help_text=_(
            "Ord fra punkternes overskrift, beslutning eller tekst. "
            "Alle ord skal findes; bøjninger findes også (positivliste, positivlisten)."
        ),
        widget=forms.TextInput(attrs={"class": "form-input", "type": "search"}),
    )
    council = forms.ChoiceField(label=_("Råd"), required=False)
    body = forms.ChoiceField(
        label=_("Møde i"),
        required=False,
        choices=[("", _("Alle")), *SearchEntry.Body.choices],
    )
    year = forms.TypedChoiceField(
        label=_("År"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Alle år")), *((y, str(y)) for y in reversed(YEARS))],
    )
    kind = forms.ChoiceField(
        label=_("Behandling"),
        required=False,
        choices=[
            ("", _("Alle")),
            ("B", _("Beslutning (B)")),
            ("D", _("Drøftelse (D)")),
            ("O", _("Orientering (O)")),
        ],
    )
    decision = forms.ChoiceField(
        label=_("Beslutning"),
        required=False,
        choices=[
            ("", _("Alle punkter")),
            ("yes", _("Kun punkter med en beslutning")),
            ("no", _("Kun punkter uden beslutning")),
        ],
    )
    order = forms.ChoiceField(
        label=_("Sortér efter"),
        required=False,
        initial="relevance",
        choices=[("relevance", _("Relevans")), ("date", _("Dato, nyeste først"))],
        widget=forms.RadioSelect,
    )
    view = forms.ChoiceField(
        label=_("Vis"),
        required=False,
        initial="results",
        choices=[("results", _("Resultater")), ("timeline", _("Tidslinje over beslutninger"))],
        widget=forms.RadioSelect,
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=500, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council = self.fields["council"]
        assert isinstance(council, forms.ChoiceField)  # declared above; narrows `Field`
        council.choices = [("", _("Alle råd"))] + [(c.slug, c.name) for c in council_list(on=None)]
        for name in ("council", "body", "year", "kind", "decision"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def filter_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("council", "body", "year", "kind", "decision")]

    def choice_fields(self) -> list[forms.BoundField]:
        return [self["order"], self["view"]]

    def search_arguments(self) -> dict[str, Any]:
        """Keyword arguments for `item_search` / `decision_timeline` (call after is_valid)."""
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "council": data.get("council") or None,
            "body": data.get("body") or None,
            "year": data.get("year"),
            "kind": data.get("kind") or None,
            "has_decision": {"yes": True, "no": False}.get(data.get("decision") or ""),
        }
