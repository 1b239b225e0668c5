"""The council's statutory cases (forvaltningssager), their hearings and the rules around them.

Case types use multi-table inheritance: `Case` holds everything every case has (council,
reference, status, deadline, decision) in one table, so the lists, filters, access checks,
numbering and retention work on one indexed table without joins; each type adds its own
table with real columns and constraints (no union of nullable fields, no JSON blob). Reading
one case's details costs one join, and `Case.kind` says which table to join without asking
every subtype (see `Case.specific`).

No logic lives here: writes go through `services`, reads that depend on who asks through
`access`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from raadsrum.councils.models import Council, Dated, Municipality, Person


class CaseKind(models.TextChoices):
    WORK_SHARING = "work_sharing", _("Arbejdsfordeling")
    LAYOFF_NOTICE = "layoff_notice", _("Varsling af større afskedigelser")
    WORK_PERMIT_HEARING = "work_permit_hearing", _("Høring om arbejds- og opholdstilladelse")
    COMMUNITY_SERVICE = "community_service", _("Godkendelse af arbejdsplads til samfundstjeneste")
    UTILITY_JOB_DISPENSATION = (
        "utility_job_dispensation",
        _("Dispensation fra rimelighedskravet (nytteindsats)"),
    )
    KLV_REPORT = "klv_report", _("KLV-liste")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Modtaget")
    IN_PROGRESS = "in_progress", _("Under behandling")
    HEARING = "hearing", _("I skriftlig høring")
    HEARING_CLOSED = "hearing_closed", _("Høring afsluttet")
    DECIDED = "decided", _("Afgjort")
    CLOSED = "closed", _("Lukket")


class DecidedBy(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrativt af sekretariatet")
    COMMITTEE = "committee", _("Af sagsudvalget")


class Outcome(models.TextChoices):
    APPROVED = "approved", _("Imødekommet")
    REJECTED = "rejected", _("Afslået")
    NOTED = "noted", _("Taget til efterretning")
    CONDITIONS_USUAL = "conditions_usual", _("Løn- og ansættelsesvilkår er sædvanlige")
    CONDITIONS_NOT_USUAL = "conditions_not_usual", _("Løn- og ansættelsesvilkår er ikke sædvanlige")


class Case(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="cases")
    kind = models.CharField(_("sagstype"), max_length=30, choices=CaseKind.choices)
    year = models.PositiveSmallIntegerField(_("år"))
    sequence = models.PositiveIntegerField(_("løbenummer"))
    reference = models.CharField(_("sagsnummer"), max_length=20)
    title = models.CharField(_("titel"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    received_on = models.DateField(_("modtaget"))
    deadline = models.DateField(_("frist"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sagsbehandler"),
    )
    is_question_of_principle = models.BooleanField(_("principiel sag"), default=False)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    decided_by = models.CharField(
        _("afgjort af"), max_length=20, choices=DecidedBy.choices, blank=True
    )
    outcome = models.CharField(_("udfald"), max_length=30, choices=Outcome.choices, blank=True)
    decision = models.TextField(_("afgørelse"), blank=True)
    reasons = models.TextField(_("begrundelse"), blank=True)
    decided_at = models.DateTimeField(_("afgjort"), null=True, blank=True)
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymiseret"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("forvaltningssag")
        verbose_name_plural = _("forvaltningssager")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "year", "sequence"], name="case_number_per_council_and_year"
            ),
        ]
        indexes = [
            models.Index(
                fields=["council", "kind", "status", "-received_on"], name="case_list_kind_status"
            ),
            models.Index(fields=["council", "status", "-received_on"], name="case_list_status"),
            models.Index(fields=["council", "deadline"], name="case_deadline"),
            models.Index(fields=["status", "closed_at"], name="case_retention"),
        ]

    def __str__(self) -> str:
        # No title: this string goes into the audit log, which outlives the case's data.
        return f"Sag {self.reference} ({self.get_kind_display()})"

    @property
    def specific(self) -> Case:
        """The case as its own type (WorkSharingCase, …): one query, chosen by `kind`."""
        model = CASE_MODELS[CaseKind(self.kind)]
        if isinstance(self, model):
            return self
        return model.objects.get(pk=self.pk)


class WorkSharingCase(Case):
    """Arbejdsfordeling: notification, or an extension beyond 13 weeks."""

    company_name = models.CharField(_("virksomhed"), max_length=200)
    cvr = models.CharField(_("CVR-nummer"), max_length=8)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    employees_affected = models.PositiveIntegerField(_("berørte medarbejdere"))
    start_date = models.DateField(_("startdato"))
    weeks = models.PositiveSmallIntegerField(
        _("uger i alt"), validators=[MinValueValidator(1), MaxValueValidator(104)]
    )
    is_extension = models.BooleanField(_("forlængelse"), default=False)

    class Meta:
        verbose_name = _("arbejdsfordeling")
        verbose_name_plural = _("arbejdsfordelinger")

    @property
    def beyond_13_weeks(self) -> bool:
        return self.weeks > 13


class LayoffNotice(Case):
    """Varsling of a larger layoff: registered and noted, not decided."""

    company_name = models.CharField(_("virksomhed"), max_length=200)
    cvr = models.CharField(_("CVR-nummer"), max_length=8)
    site = models.CharField(_("arbejdssted"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    employees_affected = models.PositiveIntegerField(_("antal berørte"))
    notified_on = models.DateField(_("varslet den"))
    layoff_from = models.DateField(_("afskedigelser fra"))
    layoff_to = models.DateField(_("afskedigelser til"), null=True, blank=True)

    class Meta:
        verbose_name = _("varsling")
        verbose_name_plural = _("varslinger")


class WorkPermitHearing(Case):
    """SIRI asks: are the pay and conditions offered to a non-EU national usual in Denmark?"""

    employer_name = models.CharField(_("arbejdsgiver"), max_length=200)
    cvr = models.CharField(_("CVR-nummer"), max_length=8)
    position = models.CharField(_("stilling"), max_length=200)
    monthly_pay = models.DecimalField(
        _("månedsløn (kr.)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    conditions_offered = models.TextField(_("løn- og ansættelsesvilkår"), blank=True)
    siri_reference = models.CharField(_("SIRI's sagsnummer"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("høring om arbejdstilladelse")
        verbose_name_plural = _("høringer om arbejdstilladelse")


class CommunityServiceCase(Case):
    """Approval of a workplace where community service (samfundstjeneste) may be served."""

    workplace_name = models.CharField(_("arbejdsplads"), max_length=200)
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    tasks = models.TextField(_("arbejdsopgaver"), blank=True)
    places = models.PositiveSmallIntegerField(_("pladser"), default=1)

    class Meta:
        verbose_name = _("samfundstjeneste")
        verbose_name_plural = _("samfundstjeneste")


class UtilityJobDispensation(Case):
    """A municipality asks to exceed the ratio requirement for utility jobs (e.g. 90 persons)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    persons = models.PositiveIntegerField(_("personer"))
    period_from = models.DateField(_("periode fra"))
    period_to = models.DateField(_("periode til"), null=True, blank=True)
    justification = models.TextField(_("begrundelse for ansøgningen"), blank=True)

    class Meta:
        verbose_name = _("dispensation fra rimelighedskravet")
        verbose_name_plural = _("dispensationer fra rimelighedskravet")


class KLVReport(Case):
    """A municipality's quarterly list of internships, utility jobs and wage-subsidy jobs."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    quarter_year = models.PositiveSmallIntegerField(_("år"))
    quarter = models.PositiveSmallIntegerField(
        _("kvartal"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )

    class Meta:
        verbose_name = _("KLV-liste")
        verbose_name_plural = _("KLV-lister")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "quarter_year", "quarter"],
                name="one_klv_report_per_municipality_and_quarter",
            )
        ]


class RatioStatus(models.TextChoices):
    OK = "ok", _("Overholder rimelighedskravet")
    NEAR = "near", _("Tæt på grænsen")
    BREACH = "breach", _("Overskrider rimelighedskravet")


class KLVRow(models.Model):
    report = models.ForeignKey(KLVReport, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField(_("række i filen"))
    workplace_name = models.CharField(_("arbejdsplads"), max_length=200)
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True)
    internships = models.PositiveIntegerField(_("virksomhedspraktik"), default=0)
    utility_jobs = models.PositiveIntegerField(_("nytteindsats"), default=0)
    wage_subsidy_jobs = models.PositiveIntegerField(_("løntilskud"), default=0)
    staff_without_subsidy = models.PositiveIntegerField(_("ansatte uden tilskud"), default=0)
    ratio_status = models.CharField(
        _("rimelighedskrav"), max_length=10, choices=RatioStatus.choices, default=RatioStatus.OK
    )

    class Meta:
        ordering = ["report", "row_number"]
        verbose_name = _("KLV-række")
        verbose_name_plural = _("KLV-rækker")

    def __str__(self) -> str:
        return f"Række {self.row_number} i {self.report}"

    @property
    def subsidised(self) -> int:
        return self.internships + self.utility_jobs + self.wage_subsidy_jobs


CASE_MODELS: dict[CaseKind, type[Case]] = {
    CaseKind.WORK_SHARING: WorkSharingCase,
    CaseKind.LAYOFF_NOTICE: LayoffNotice,
    CaseKind.WORK_PERMIT_HEARING: WorkPermitHearing,
    CaseKind.COMMUNITY_SERVICE: CommunityServiceCase,
    CaseKind.UTILITY_JOB_DISPENSATION: UtilityJobDispensation,
    CaseKind.KLV_REPORT: KLVReport,
}


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("notat"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "created_at", "id"]
        verbose_name = _("notat")
        verbose_name_plural = _("notater")

    def __str__(self) -> str:
        return f"Notat til {self.case}"


class CaseDocument(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titel"), max_length=300)
    file = models.FileField(_("fil"), upload_to="cases/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "uploaded_at", "id"]
        verbose_name = _("sagsdokument")
        verbose_name_plural = _("sagsdokumenter")

    def __str__(self) -> str:
        return f"Dokument til {self.case}"


class CaseHearing(models.Model):
    """A case sent to the case committee's members for a written answer before a deadline."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    deadline = models.DateTimeField(_("frist"))
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("skriftlig høring i sagsudvalget")
        verbose_name_plural = _("skriftlige høringer i sagsudvalget")

    def __str__(self) -> str:
        return f"Høring om {self.case}"


class HearingRecipient(models.Model):
    """A committee member asked in the hearing (the members on the day it was sent)."""

    hearing = models.ForeignKey(CaseHearing, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["hearing", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["hearing", "person"], name="one_recipient_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} i {self.hearing}"


class HearingAnswer(models.Model):
    class Answer(models.TextChoices):
        AGREE = "agree", _("Enig i indstillingen")
        DISAGREE = "disagree", _("Uenig i indstillingen")
        COMMENT = "comment", _("Bemærkning")

    hearing = models.ForeignKey(CaseHearing, on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("svar"), max_length=10, choices=Answer.choices)
    text = models.TextField(_("bemærkning"), blank=True)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["hearing", "answered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["hearing", "person"], name="one_answer_per_person")
        ]

    def __str__(self) -> str:
        return f"Svar fra {self.person} i {self.hearing}"


class CaseCounter(models.Model):
    """The last case number a council gave out in a year (2026-0042 → last=42)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "year"], name="one_counter_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.council_id}/{self.year}: {self.last}"


# --- Configuration with validity dates -------------------------------------------------


class AdministrativeDecisionRule(Dated):
    """What the council lets its secretariat decide on its behalf, for one case type.

    Without a rule in force every case of the type goes to the case committee.
    """

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="administrative_rules"
    )
    kind = models.CharField(_("sagstype"), max_length=30, choices=CaseKind.choices)
    allowed = models.BooleanField(_("sekretariatet må afgøre administrativt"), default=True)
    principle_to_committee = models.BooleanField(
        _("principielle sager går til sagsudvalget"), default=True
    )
    max_weeks = models.PositiveSmallIntegerField(
        _("højst antal uger (arbejdsfordeling)"),
        null=True,
        blank=True,
        help_text=_("Tom: ingen grænse. Sager med flere uger går til sagsudvalget."),
    )
    decided_on = models.DateField(_("besluttet af rådet den"), null=True, blank=True)
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)

    class Meta:
        ordering = ["council", "kind", "-valid_from"]
        verbose_name = _("regel for administrativ afgørelse")
        verbose_name_plural = _("regler for administrativ afgørelse")

    def __str__(self) -> str:
        return f"{self.council}: {self.get_kind_display()} fra {self.valid_from}"


class RatioRequirement(Dated):
    """Rimelighedskravet: at most `subsidised` persons with subsidy per `per_staff` staff
    without subsidy at one workplace. `council` empty means the national rule."""

    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subsidised = models.PositiveSmallIntegerField(_("personer med tilskud"), default=1)
    per_staff = models.PositiveSmallIntegerField(_("pr. ansatte uden tilskud"), default=1)
    near_share = models.DecimalField(
        _("tæt på grænsen fra (andel af grænsen)"), max_digits=4, decimal_places=2, default=0.9
    )
    legal_basis = models.CharField(_("retsgrundlag"), max_length=200, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("rimelighedskrav")
        verbose_name_plural = _("rimelighedskrav")

    def __str__(self) -> str:
        return f"{self.subsidised} pr. {self.per_staff} fra {self.valid_from}"

    def limit(self, staff_without_subsidy: int) -> float:
        return staff_without_subsidy * self.subsidised / self.per_staff


def case_text_fields(instance: models.Model) -> list[tuple[str, Any]]:
    """(field name, value) of every text column of the instance, subtypes included.

    The CPR check and the anonymiser both walk this list, so a new field is covered by both.
    """
    return [
        (f.name, getattr(instance, f.attname))
        for f in instance._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.choices
    ]
