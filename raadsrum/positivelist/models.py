"""The positive list for the regional education pool, from the balance to the published list.

The flow: job titles (`JobTitle`) and the labour-market balance (`LabourMarketBalance` with
its entries) → a `Round` for a council and period, whose job titles (`RoundJobTitle`) the
secretariat proposes and the committee fixes → a `Consultation` where each invited
`Organisation` gets a personal link (`Invitation`, only the token's hash is stored) and
answers with a `ConsultationResponse` of `CourseProposal`s → screening flags and the
secretariat's accept/reject on each proposal → a recommendation item on the council's agenda
→ the council's decision creates a `PositiveListVersion` holding the whole list as
`ListedCourse` rows (each version is complete, so a version diff is a set difference).

Also here: the dated course-length limit (`CourseLengthRule`), each municipality's pool money
(`PoolAllocation`) and SIRI's supplementary job titles for foreign labour
(`SupplementaryTitleProposal`).

No logic lives here: writes go through the services modules, reads through the selectors.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from raadsrum.councils.models import Council, Dated, Municipality


class BalanceCategory(models.TextChoices):
    SHORTAGE = "shortage", _("Mangel på arbejdskraft")
    PARADOX = "paradox", _("Paradoksproblemer")
    GOOD = "good", _("Gode jobmuligheder")
    POOR = "poor", _("Mindre gode jobmuligheder")


class JobTitle(models.Model):
    """A job title (stillingsbetegnelse) as used in STAR's labour-market balance."""

    title = models.CharField(_("stillingsbetegnelse"), max_length=200, unique=True)
    disco_code = models.CharField(
        _("DISCO-08-kode"), max_length=6, blank=True, help_text=_("Fx 7512 for bager")
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("stillingsbetegnelse")
        verbose_name_plural = _("stillingsbetegnelser")

    def __str__(self) -> str:
        return self.title


class LabourMarketBalance(models.Model):
    """One imported release of the balance for a council's area and half-year.

    Releases are never overwritten: a re-import of the same half-year is a new row, and the
    newest import is the one in force (`selectors`).
    """

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="balances")
    period_start = models.DateField(
        _("halvår"), help_text=_("1. januar eller 1. juli: balancen opdateres to gange om året")
    )
    source_name = models.CharField(_("kildefil"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("importeret"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["council", "-period_start", "-imported_at"]
        verbose_name = _("arbejdsmarkedsbalance")
        verbose_name_plural = _("arbejdsmarkedsbalancer")

    def __str__(self) -> str:
        return f"{self.council} {self.period_start:%Y-%m}"


class BalanceEntry(models.Model):
    balance = models.ForeignKey(
        LabourMarketBalance, on_delete=models.CASCADE, related_name="entries"
    )
    job_title = models.ForeignKey(JobTitle, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("kategori"), max_length=20, choices=BalanceCategory.choices)
    expected_openings = models.PositiveIntegerField(
        _("forventede jobåbninger (6 mdr.)"), null=True, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["balance", "job_title"], name="balance_entry_once")
        ]
        verbose_name = _("balancepost")
        verbose_name_plural = _("balanceposter")

    def __str__(self) -> str:
        return f"{self.job_title}: {self.get_category_display()}"


class Organisation(models.Model):
    """The consultation's directory: institutions, job centres, a-kasser, unions."""

    class Kind(models.TextChoices):
        INSTITUTION = "institution", _("Uddannelsesinstitution")
        JOB_CENTRE = "job_centre", _("Jobcenter")
        A_KASSE = "a_kasse", _("A-kasse")
        UNION = "union", _("Faglig organisation")
        PRIVATE_PROVIDER = "private_provider", _("Privat kursusudbyder")
        OTHER = "other", _("Andet")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    email = models.EmailField(_("kontaktmail"))
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["council", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "name"], name="organisation_name_per_council"
            )
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self) -> str:
        return self.name


class Round(models.Model):
    """One update of a council's list: the yearly list, the autumn supplement or an addition."""

    class Kind(models.TextChoices):
        YEARLY = "yearly", _("Årlig positivliste (1. april)")
        SUPPLEMENT = "supplement", _("Supplement (1. oktober)")
        EXTRAORDINARY = "extraordinary", _("Ekstraordinær tilføjelse")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Kladde: stillingsbetegnelser foreslås")
        TITLES_FIXED = "titles_fixed", _("Stillingsbetegnelser fastlagt")
        CONSULTATION = "consultation", _("I høring")
        SCREENING = "screening", _("Screening af forslag")
        RECOMMENDED = "recommended", _("Indstillet til rådet")
        DECIDED = "decided", _("Besluttet")

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="list_rounds")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=200)
    valid_from = models.DateField(_("listen gælder fra"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    balance = models.ForeignKey(
        LabourMarketBalance,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("arbejdsmarkedsbalance"),
    )
    titles_fixed_by = models.CharField(
        _("stillingsbetegnelser fastlagt af"),
        max_length=200,
        blank=True,
        help_text=_("Fx 'Positivlisteudvalget' eller 'Formandskabet'"),
    )
    titles_fixed_on = models.DateField(_("fastlagt den"), null=True, blank=True)
    titles_decision = models.TextField(_("beslutning om stillingsbetegnelser"), blank=True)
    recommendation_item = models.ForeignKey(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("indstillingspunkt"),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["council", "-valid_from"]
        verbose_name = _("positivlisterunde")
        verbose_name_plural = _("positivlisterunder")

    def __str__(self) -> str:
        return self.title


class RoundJobTitle(models.Model):
    """A job title in a round: proposed by the secretariat, then fixed (or not)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="job_titles")
    job_title = models.ForeignKey(JobTitle, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(
        _("kategori i balancen"), max_length=20, choices=BalanceCategory.choices, blank=True
    )
    is_fixed = models.BooleanField(_("fastlagt"), default=False)
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)

    class Meta:
        ordering = ["job_title__title"]
        constraints = [
            models.UniqueConstraint(fields=["round", "job_title"], name="round_job_title_once")
        ]

    def __str__(self) -> str:
        return str(self.job_title)


class Consultation(models.Model):
    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="consultation")
    deadline = models.DateTimeField(_("svarfrist"))
    message = models.TextField(_("følgebrev"), blank=True)
    opened_at = models.DateTimeField(_("sendt i høring"), auto_now_add=True)

    class Meta:
        verbose_name = _("høring")
        verbose_name_plural = _("høringer")

    def __str__(self) -> str:
        return f"{self.round} (frist {self.deadline:%Y-%m-%d})"


class Invitation(models.Model):
    """An organisation's personal link: only a hash of the token is stored."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "organisation"], name="invitation_once_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class ConsultationResponse(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        SUBMITTED = "submitted", _("Indsendt")

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="response")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("høringssvar")
        verbose_name_plural = _("høringssvar")

    def __str__(self) -> str:
        return str(self.invitation)


class CourseKind(models.TextChoices):
    AMU = "amu", _("AMU-kursus")
    ACADEMY = "academy", _("Akademimodul (ECTS)")
    PRIVATE = "private", _("Privat kursus")
    OTHER = "other", _("Andet")


class DurationUnit(models.TextChoices):
    DAYS = "days", _("dage")
    ECTS = "ects", _("ECTS-point")


class CourseFields(models.Model):
    """What a course is, shared by a proposal and a listed course."""

    course_number = models.CharField(
        _("kursusnummer"), max_length=20, blank=True, help_text=_("AMU-nummer: fem cifre")
    )
    title = models.CharField(_("kursustitel"), max_length=300)
    provider = models.CharField(_("udbyder"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=CourseKind.choices)
    duration = models.DecimalField(_("varighed"), max_digits=6, decimal_places=1)
    duration_unit = models.CharField(
        _("enhed"), max_length=10, choices=DurationUnit.choices, default=DurationUnit.DAYS
    )
    is_online = models.BooleanField(_("online"), default=False)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        abstract = True


class CourseProposal(CourseFields):
    """A course proposed in an organisation's answer.

    A draft may hold half-filled courses, so title, provider, kind and duration may be
    missing here (unlike on a listed course); a submitted answer's courses are complete
    (`consultation_services.response_save` checks it).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Afventer")
        ACCEPTED = "accepted", _("Indstilles")
        REJECTED = "rejected", _("Afvist")

    title = models.CharField(_("kursustitel"), max_length=300, blank=True)
    provider = models.CharField(_("udbyder"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=CourseKind.choices, blank=True)
    # Optional here only: a draft's course may not have a duration yet.
    duration = models.DecimalField(  # type: ignore[assignment]
        _("varighed"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    response = models.ForeignKey(
        ConsultationResponse, on_delete=models.CASCADE, related_name="proposals"
    )
    position = models.PositiveIntegerField(default=0)
    job_titles = models.ManyToManyField(JobTitle, blank=True, related_name="+")
    other_job_title = models.CharField(_("anden stillingsbetegnelse"), max_length=200, blank=True)
    other_reason = models.TextField(_("begrundelse for anden stillingsbetegnelse"), blank=True)
    flags = models.JSONField(
        _("screeningsflag"),
        default=list,
        blank=True,
        help_text=_("Liste af {'code': …, 'reason': …} fra screeningen"),
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    status_reason = models.CharField(_("begrundelse"), max_length=500, blank=True)
    status_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["response", "position", "id"]
        verbose_name = _("kursusforslag")
        verbose_name_plural = _("kursusforslag")

    def __str__(self) -> str:
        return f"{self.course_number} {self.title}".strip() or str(_("Kursus uden titel"))


class PositiveList(models.Model):
    council = models.OneToOneField(Council, on_delete=models.PROTECT, related_name="positive_list")

    class Meta:
        verbose_name = _("positivliste")
        verbose_name_plural = _("positivlister")

    def __str__(self) -> str:
        return f"{_('Positivliste')} – {self.council}"


class PositiveListVersion(models.Model):
    """A complete list in force from `valid_from`; the next version ends it."""

    positive_list = models.ForeignKey(
        PositiveList, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.PROTECT, related_name="list_versions"
    )
    decision_item = models.ForeignKey(
        "meetings.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["positive_list", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["positive_list", "number"], name="list_version_number_once"
            )
        ]
        verbose_name = _("positivlisteversion")
        verbose_name_plural = _("positivlisteversioner")

    def __str__(self) -> str:
        return f"{self.positive_list} v{self.number}"


class ListedCourse(CourseFields):
    version = models.ForeignKey(
        PositiveListVersion, on_delete=models.CASCADE, related_name="courses"
    )
    job_titles = models.ManyToManyField(JobTitle, blank=True, related_name="listed_courses")
    job_titles_text = models.CharField(
        _("stillingsbetegnelser"),
        max_length=1000,
        blank=True,
        help_text=_("Stillingsbetegnelserne som tekst, til søgning og udtræk"),
    )
    # Written with the row (list_selectors.course_search_text): number, title, provider and
    # job titles casefolded, so the public search ignores case for æ, ø and å on every
    # database (SQLite's LIKE folds ASCII only).
    search_text = models.TextField(_("søgetekst"), blank=True, default="", editable=False)
    proposal = models.ForeignKey(
        CourseProposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_on = models.DateField(_("på listen siden"))

    class Meta:
        ordering = ["version", "title"]
        indexes = [
            models.Index(fields=["version", "course_number"]),
            # The public list pages a version by title.
            models.Index(fields=["version", "title"], name="listed_course_version_title"),
        ]
        verbose_name = _("kursus på positivlisten")
        verbose_name_plural = _("kurser på positivlisten")

    def __str__(self) -> str:
        return f"{self.course_number} {self.title}".strip()


class CourseLengthRule(Dated):
    """The longest course a council accepts, as dated configuration (the rules change)."""

    council = models.ForeignKey(
        Council,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Tom: gælder alle råd"),
    )
    max_days = models.DecimalField(_("højst dage"), max_digits=6, decimal_places=1)
    max_ects = models.DecimalField(_("højst ECTS-point"), max_digits=6, decimal_places=1)
    note = models.CharField(_("kilde eller begrundelse"), max_length=300, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("regel for kursuslængde")
        verbose_name_plural = _("regler for kursuslængde")

    def __str__(self) -> str:
        return f"{self.max_days} dage / {self.max_ects} ECTS fra {self.valid_from}"


class PoolAllocation(models.Model):
    """A municipality's yearly allocation from the pool and what it spent (kroner)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("år"))
    allocation = models.DecimalField(_("udmøntning (kr.)"), max_digits=14, decimal_places=2)
    spent = models.DecimalField(
        _("forbrug (kr.)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    source_name = models.CharField(_("kildefil"), max_length=255, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="pool_allocation_once")
        ]
        verbose_name = _("puljemidler")
        verbose_name_plural = _("puljemidler")

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}"


class SupplementaryTitleProposal(models.Model):
    """A job title the council proposes for SIRI's positive list for foreign labour."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Foreslået")
        APPROVED = "approved", _("Godkendt")
        REJECTED = "rejected", _("Ikke godkendt")

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    job_title = models.ForeignKey(JobTitle, on_delete=models.PROTECT, related_name="+")
    balance_category = models.CharField(
        _("kategori i balancen"), max_length=20, choices=BalanceCategory.choices, blank=True
    )
    job_wish_counts = models.JSONField(
        _("ledige med jobønsket pr. måned"),
        default=dict,
        blank=True,
        help_text=_("{'2020-01': 4, '2020-02': 5}"),
    )
    evidence = models.TextField(_("begrundelse"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    decided_on = models.DateField(_("besluttet den"), null=True, blank=True)
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["council", "job_title__title"]
        verbose_name = _("supplerende stillingsbetegnelse (SIRI)")
        verbose_name_plural = _("supplerende stillingsbetegnelser (SIRI)")

    def __str__(self) -> str:
        return f"{self.job_title} ({self.council})"
