"""The refund calculator's input: a benefit spell, and the assumed spread of people on
benefits over the refund steps. Numbers are read the Danish way (`4.500`, `12,5`)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from raadsrum.core.tabular import cell_decimal
from raadsrum.monitoring.models import RefundStep
from raadsrum.monitoring.refund import step_label

# An illustrative weekly benefit (kr.), not a current rate: the user types the real one.
EXAMPLE_WEEKLY_BENEFIT = Decimal("4500")
# Assumed share (%) of full-time persons on benefits by how long they have been on them,
# one per refund step (1-4, 5-26, 27-52, 53+ weeks): an assumption, shown as one, that the
# user can change; no source gives this spread per municipality here.
DEFAULT_BAND_SHARES = (Decimal(8), Decimal(27), Decimal(17), Decimal(48))


class DanishDecimalField(forms.CharField):
    """A non-negative number written the Danish way; cleans to Decimal."""

    def __init__(self, *, max_value: Decimal | None = None, **kwargs: Any) -> None:
        self.max_value = max_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            number = cell_decimal(text)
        except ValueError as error:
            raise forms.ValidationError(
                _("Skriv et tal som 4.500 eller 12,5 (det må ikke være negativt).")
            ) from error
        if self.max_value is not None and number > self.max_value:
            raise forms.ValidationError(
                _("Tallet må højst være %(max)s.") % {"max": self.max_value}
            )
        return number


class SpellForm(forms.Form):
    """One benefit spell: what it costs the municipality after the state's refund."""

    weekly_benefit = DanishDecimalField(
        label=_("Ydelse pr. uge (kr.)"),
        max_value=Decimal(100000),
        help_text=_("Fx 4.500. Et eksempel, ikke en gældende sats."),
    )
    weeks = forms.IntegerField(
        label=_("Antal uger på ydelse"), min_value=1, max_value=520, help_text=_("Fx 30")
    )
    persons = forms.IntegerField(
        label=_("Antal personer"), min_value=1, max_value=100000, initial=1
    )


class BandForm(forms.Form):
    """The spread of full-time persons over the steps in force, for the monthly cost."""

    band_weekly_benefit = DanishDecimalField(
        label=_("Gennemsnitlig ydelse pr. uge (kr.)"),
        max_value=Decimal(100000),
        help_text=_("Fx 4.500. Et eksempel, ikke en gældende sats."),
    )

    def __init__(self, *args: Any, steps: Sequence[RefundStep], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.steps = list(steps)
        for step in self.steps:
            self.fields[self.share_name(step)] = DanishDecimalField(
                label=_("Andel %(weeks)s (%%)") % {"weeks": step_label(step)},
                max_value=Decimal(100),
            )

    @staticmethod
    def share_name(step: RefundStep) -> str:
        return f"share_{step.from_week}"

    def share_fields(self) -> list[forms.BoundField]:
        return [self[self.share_name(step)] for step in self.steps]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        shares = [data.get(self.share_name(step)) for step in self.steps]
        known = [share for share in shares if share is not None]
        if len(known) == len(shares) and sum(known, Decimal(0)) != 100:
            raise forms.ValidationError(_("Andelene skal give 100 % tilsammen."))
        return data

    def shares(self) -> list[tuple[RefundStep, Decimal]]:
        """(step, share in %) once the form is valid."""
        return [(step, self.cleaned_data[self.share_name(step)]) for step in self.steps]

    @classmethod
    def initial_for(cls, steps: Sequence[RefundStep]) -> dict[str, str]:
        """The example benefit and the assumed spread (equal shares when the steps differ)."""
        values = {"band_weekly_benefit": "4.500"}
        if len(steps) == len(DEFAULT_BAND_SHARES):
            shares = list(DEFAULT_BAND_SHARES)
        else:
            equal = (Decimal(100) / max(1, len(steps))).quantize(Decimal("0.1"))
            shares = [equal] * len(steps)
            if steps:
                shares[-1] = Decimal(100) - equal * (len(steps) - 1)
        for step, share in zip(steps, shares, strict=True):
            values[cls.share_name(step)] = str(share).replace(".", ",")
        return values
