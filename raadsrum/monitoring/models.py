"""The statistics store and the dated rules the monitoring reports apply.

One long, narrow table (`Observation`): measure × area × period × optional breakdown, with
the source, the publication date and revisions kept. Areas are stored as (kind, code) so a
number can be the country's, a region's, a council area's or a municipality's; council
figures are normally summed from municipalities through the dated `councils.CouncilArea`
mapping at read time, so a council "as of any date" needs no stored copy. A revision of a
number is a new row with `revision + 1`; the old row stays with `is_current = False`.

Rates (per cent of the labour force, shares) are stored as their own measures; the
selectors never sum a measure whose `aggregation` is `none`.

Dated rules (`FocusTargetRule`, `RefundStep`) are configuration: a report names the rule
it applied.

No logic lives here: writes go through `services`, reads through `selectors`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from raadsrum.councils.models import Council, Dated


class Source(models.Model):
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    url = models.URLField(_("adresse"), blank=True)
    is_synthetic = models.BooleanField(
        _("syntetiske data"),
        default=False,
        help_text=_("Demodata: vises altid med mærkatet 'Syntetiske data'"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("kilde")
        verbose_name_plural = _("kilder")

    def __str__(self) -> str:
        return self.name


class Measure(models.Model):
    class Unit(models.TextChoices):
        PERSONS = "persons", _("personer")
        PERCENT = "percent", _("procent")
        COUNT = "count", _("antal")
        FULL_TIME = "full_time", _("fuldtidspersoner")
        KRONER = "kroner", _("kr.")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("summeres over områder")
        NONE = "none", _("kan ikke summeres (andel, sats)")

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    unit = models.CharField(_("enhed"), max_length=20, choices=Unit.choices)
    aggregation = models.CharField(
        _("sammentælling"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("måltal")
        verbose_name_plural = _("måltal")

    def __str__(self) -> str:
        return self.name


class AreaKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommune")
    COUNCIL = "council", _("Rådets område")
    REGION = "region", _("Region")
    COUNTRY = "country", _("Hele landet")


class PeriodKind(models.TextChoices):
    MONTH = "M", _("Måned")
    QUARTER = "Q", _("Kvartal")
    HALF_YEAR = "H", _("Halvår")
    YEAR = "Y", _("År")


class StatisticsLoad(models.Model):
    """One load into the store (a fetch, a file import, the demo data), for traceability."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="loads")
    description = models.CharField(_("beskrivelse"), max_length=300)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    rows_new = models.PositiveIntegerField(default=0)
    rows_revised = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("indlæsning")
        verbose_name_plural = _("indlæsninger")

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"


class Observation(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="+")
    area_kind = models.CharField(max_length=20, choices=AreaKind.choices)
    area_code = models.CharField(
        max_length=40, help_text=_("Kommunekode, rådets kortnavn, regionskode eller 'DK'")
    )
    period_kind = models.CharField(max_length=1, choices=PeriodKind.choices)
    period_start = models.DateField()
    breakdown_kind = models.CharField(max_length=40, blank=True, default="")
    breakdown_value = models.CharField(max_length=100, blank=True, default="")
    value = models.FloatField()
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    load = models.ForeignKey(
        StatisticsLoad, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_on = models.DateField(null=True, blank=True)
    revision = models.PositiveSmallIntegerField(default=0)
    is_current = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "measure",
                    "area_kind",
                    "area_code",
                    "period_kind",
                    "period_start",
                    "breakdown_kind",
                    "breakdown_value",
                    "revision",
                ],
                name="observation_revision_once",
            ),
        ]
        indexes = [
            models.Index(
                fields=["measure", "period_kind", "area_kind", "period_start", "area_code"],
                condition=Q(is_current=True),
                name="observation_current",
            ),
        ]
        verbose_name = _("observation")
        verbose_name_plural = _("observationer")

    def __str__(self) -> str:
        return f"{self.measure_id} {self.area_code} {self.period_start} = {self.value}"


class FocusTargetRule(Dated):
    """The job-centre focus targets in force in a period (the 2020 rule: 20 % / 20 %)."""

    name = models.CharField(_("navn"), max_length=200)
    no_offer_max_share = models.DecimalField(
        _("højst andel uden aktivt tilbud (%)"), max_digits=5, decimal_places=2
    )
    few_interviews_max_share = models.DecimalField(
        _("højst andel med under fire samtaler (%)"), max_digits=5, decimal_places=2
    )
    definition = models.TextField(_("definition"), blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("regel for fokusmål")
        verbose_name_plural = _("regler for fokusmål")

    def __str__(self) -> str:
        return self.name


class RefundStep(Dated):
    """One step of the municipal refund model: weeks `from_week`…`to_week` refunded at `rate`."""

    scheme = models.CharField(_("ordning"), max_length=200)
    from_week = models.PositiveSmallIntegerField(_("fra uge"))
    to_week = models.PositiveSmallIntegerField(_("til og med uge"), null=True, blank=True)
    rate = models.DecimalField(_("refusion (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["-valid_from", "from_week"]
        verbose_name = _("refusionstrin")
        verbose_name_plural = _("refusionstrin")


class KeyFiguresReport(models.Model):
    """A key-figures note as built: the figures it stated, kept so it can be shown again."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("måned"))
    data = models.JSONField(_("tal og sætninger"))
    is_synthetic = models.BooleanField(_("bygget på syntetiske data"), default=False)
    built_at = models.DateTimeField(auto_now_add=True)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attached_to = models.ForeignKey(
        "meetings.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["council", "-period_start", "-built_at"]
        verbose_name = _("nøgletalsnotat")
        verbose_name_plural = _("nøgletalsnotater")

    def __str__(self) -> str:
        return f"{self.council} {self.period_start:%Y-%m}"
