"""Meetings, their agendas and minutes, follow-up and the annual plan.

Numbers (of sections, items and attachments) are stored, not computed in templates:
`numbering.py` computes them and `services.agenda_renumber` writes them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from raadsrum.councils.models import Committee, Council, NumberingStyle, Person


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        HELD = "held", _("Afholdt")
        CANCELLED = "cancelled", _("Aflyst")
        BY_CHAIRMANSHIP = "by_chairmanship", _("Behandlet af formandskabet")
        WRITTEN = "written", _("Skriftlig procedure")

    class AgendaStatus(models.TextChoices):
        DRAFT = "draft", _("Under udarbejdelse")
        APPROVED = "approved", _("Godkendt af formandskabet")
        PUBLISHED = "published", _("Offentliggjort")

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="meetings")
    committee = models.ForeignKey(
        Committee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text=_("Tom for rådsmøder; ellers udvalget eller formandskabet, der mødes."),
    )
    date = models.DateField(_("dato"))
    sequence = models.PositiveSmallIntegerField(
        _("nummer på dagen"), default=1, help_text=_("2 for dagens andet møde i rådet")
    )
    title = models.CharField(_("titel"), max_length=200, blank=True)
    start_time = models.TimeField(_("starttid"), null=True, blank=True)
    end_time = models.TimeField(_("planlagt sluttid"), null=True, blank=True)
    ended_at = models.TimeField(_("mødet sluttede"), null=True, blank=True)
    location = models.CharField(_("sted"), max_length=300, blank=True)
    is_virtual = models.BooleanField(_("virtuelt møde"), default=False)
    virtual_link = models.URLField(_("link til virtuelt møde"), blank=True)
    note = models.TextField(_("bemærkning på forsiden"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    agenda_status = models.CharField(
        _("dagsordenens status"),
        max_length=20,
        choices=AgendaStatus.choices,
        default=AgendaStatus.DRAFT,
    )
    numbering_style = models.CharField(
        _("nummerering"),
        max_length=20,
        choices=NumberingStyle.choices,
        default=NumberingStyle.TRIPLE,
    )
    theme_item_letters = models.BooleanField(default=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "date", "sequence"], name="one_meeting_address"
            )
        ]
        verbose_name = _("møde")
        verbose_name_plural = _("møder")

    def __str__(self) -> str:
        return f"{self.body_name} {self.date:%d.%m.%Y}"

    @property
    def address(self) -> str:
        """`nordjylland/2020-06-04`, `nordjylland/2020-06-04-2` for the day's second."""
        suffix = f"-{self.sequence}" if self.sequence > 1 else ""
        return f"{self.council.slug}/{self.date.isoformat()}{suffix}"

    @property
    def date_slug(self) -> str:
        return self.address.split("/", 1)[1]

    @property
    def body(self) -> str:
        return "council" if self.committee is None else self.committee.kind

    @property
    def body_name(self) -> str:
        return self.council.name if self.committee is None else self.committee.name


class AgendaSection(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(default=0)
    number = models.CharField(max_length=10, blank=True, editable=False)
    title = models.CharField(_("overskrift"), max_length=300)
    is_theme = models.BooleanField(
        _("tema"), default=False, help_text=_("Et tema står først og nummereres 0.")
    )

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("tema/hovedpunkt")
        verbose_name_plural = _("temaer/hovedpunkter")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(AgendaSection, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    number = models.CharField(max_length=20, blank=True, editable=False)
    title = models.CharField(_("overskrift"), max_length=400)
    kinds = models.CharField(
        _("behandling"),
        max_length=3,
        blank=True,
        help_text=_("B, D og/eller O i den rækkefølge, de står i overskriften"),
    )
    has_presentation = models.BooleanField(_("oplæg"), default=False)
    summary = models.TextField(_("sagen kort"), blank=True)
    recommendation = models.TextField(_("indstilling"), blank=True)
    decision = models.TextField(_("beslutning"), blank=True)
    presentation = models.TextField(_("sagsfremstilling"), blank=True)
    next_steps = models.TextField(_("videre proces"), blank=True)
    background = models.TextField(_("baggrund"), blank=True)
    needs_follow_up = models.BooleanField(_("følges op på næste møde"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["meeting", "section__position", "position"]
        verbose_name = _("dagsordenspunkt")
        verbose_name_plural = _("dagsordenspunkter")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Attachment(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveIntegerField(default=1)
    number = models.CharField(max_length=24, blank=True, editable=False)
    title = models.CharField(_("titel"), max_length=300)
    file = models.FileField(_("fil"), upload_to="attachments/%Y/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    members_only = models.BooleanField(_("kun for medlemmer"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "position"]
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")

    def __str__(self) -> str:
        return f"Bilag {self.number} – {self.title}"


class Attendance(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Medlem")
        ALTERNATE = "alternate", _("Suppleant")
        OBSERVER = "observer", _("Tilforordnet")
        CONSTITUENCY_REP = "constituency_rep", _("Baglandsrepræsentant")
        SECRETARIAT = "secretariat", _("Sekretariat")
        GUEST = "guest", _("Gæst")
        PRESENTER = "presenter", _("Oplægsholder")

    class Status(models.TextChoices):
        PRESENT = "present", _("Deltog")
        ABSENT = "absent", _("Afbud")
        REPRESENTED = "represented", _("Repræsenteret ved suppleant")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendance"
    )
    name = models.CharField(_("navn"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    group = models.CharField(_("gruppe"), max_length=120, blank=True)
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    status = models.CharField(
        _("fremmøde"), max_length=20, choices=Status.choices, default=Status.PRESENT
    )
    represented_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="represents",
        verbose_name=_("repræsenteret ved"),
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "position", "id"]
        verbose_name = _("deltager")
        verbose_name_plural = _("deltagere")

    def __str__(self) -> str:
        return self.name


class Minutes(models.Model):
    """One version of a meeting's minutes. A correction of published minutes is a new row."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Udkast")
        HEARING = "hearing", _("I skriftlig høring")
        APPROVED = "approved", _("Godkendt")
        PUBLISHED = "published", _("Offentliggjort")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    correction_note = models.TextField(_("rettelse"), blank=True)
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="one_minutes_version")
        ]
        verbose_name = _("referat")
        verbose_name_plural = _("referater")

    def __str__(self) -> str:
        return f"Referat v{self.version} af {self.meeting}"


class WrittenHearing(models.Model):
    """Minutes sent to the members for comments until a deadline."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="hearings")
    deadline = models.DateTimeField(_("frist"))
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("skriftlig høring")
        verbose_name_plural = _("skriftlige høringer")

    def __str__(self) -> str:
        return f"Høring om {self.minutes} (frist {self.deadline:%d.%m.%Y})"


class HearingComment(models.Model):
    hearing = models.ForeignKey(WrittenHearing, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("punkt"),
    )
    text = models.TextField(_("bemærkning"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("høringssvar")
        verbose_name_plural = _("høringssvar")

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"


class FollowUp(models.Model):
    """A line in the follow-up sheet that goes with `meeting`'s agenda."""

    class Status(models.TextChoices):
        OPEN = "open", _("Ikke påbegyndt")
        IN_PROGRESS = "in_progress", _("I gang")
        DONE = "done", _("Afsluttet")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    source_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("punkt"), max_length=400)
    decision = models.TextField(_("beslutning"), blank=True)
    owner = models.CharField(_("ansvarlig"), max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(_("status og bemærkning"), blank=True)

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("opfølgningspunkt")
        verbose_name_plural = _("opfølgningsark")

    def __str__(self) -> str:
        return self.title


class StandingItem(models.Model):
    """The council's template: items every new council meeting starts with."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="standing_items")
    position = models.PositiveIntegerField(default=0)
    section_title = models.CharField(_("tema/hovedpunkt"), max_length=300)
    title = models.CharField(_("overskrift"), max_length=400)
    kinds = models.CharField(_("behandling"), max_length=3, blank=True)
    summary = models.TextField(_("sagen kort"), blank=True)
    recommendation = models.TextField(_("indstilling"), blank=True)

    class Meta:
        ordering = ["council", "position"]
        verbose_name = _("fast punkt")
        verbose_name_plural = _("faste punkter")

    def __str__(self) -> str:
        return self.title


class AnnualPlanEntry(models.Model):
    """Seminars, recurring tasks and topics in the year's wheel; meetings come from Meeting."""

    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("Seminar")
        EVENT = "event", _("Arrangement")
        TASK = "task", _("Opgave")
        TOPIC = "topic", _("Tema")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="plan_entries")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=300)
    starts_on = models.DateField(_("dato"))
    ends_on = models.DateField(_("slutdato"), null=True, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("punkt i årshjulet")
        verbose_name_plural = _("årshjul")

    def __str__(self) -> str:
        return self.title
