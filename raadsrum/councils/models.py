"""Councils, the municipalities they cover, and the people who sit in them.

Everything here carries validity dates: councils are created and abolished by law,
municipalities move between councils, and people change roles within a term.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Dated(models.Model):
    """Valid from `valid_from` up to and including `valid_to` (open-ended when empty)."""

    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    class Meta:
        abstract = True

    @staticmethod
    def valid_on(on: date, prefix: str = "") -> Q:
        return Q(**{f"{prefix}valid_from__lte": on}) & (
            Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
        )

    def is_valid_on(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class Region(models.Model):
    code = models.CharField(_("regionskode"), max_length=4, unique=True)
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regioner")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(_("kommunekode"), max_length=3, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name


class NumberingStyle(models.TextChoices):
    """How a council numbers its agenda items (section 1, second item)."""

    TRIPLE = "triple", "1.2.1"
    DOTTED = "dotted", "1.2"
    DOTTED_TRAILING = "dotted_trailing", "1.2."


class Council(Dated):
    class Kind(models.TextChoices):
        RAR = "rar", _("Regionalt Arbejdsmarkedsråd")
        EMPLOYMENT_COUNCIL = "employment_council", _("Regionalt Beskæftigelsesråd")

    slug = models.SlugField(_("kortnavn i adresser"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=120)
    name_genitive = models.CharField(
        _("navn i ejefald"), max_length=130, help_text=_("Fx 'RAR Nordjyllands'")
    )
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="councils"
    )
    secretariat_name = models.CharField(_("sekretariat"), max_length=120, blank=True)
    numbering_style = models.CharField(
        _("nummerering af punkter"),
        max_length=20,
        choices=NumberingStyle.choices,
        default=NumberingStyle.TRIPLE,
    )
    theme_item_letters = models.BooleanField(
        _("temapunkter nummereres med bogstav (0A, 0B)"), default=True
    )
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        verbose_name=_("afløst af"),
    )
    legal_basis = models.CharField(_("retsgrundlag"), max_length=200, blank=True)

    class Meta:
        ordering = ["valid_from", "name"]
        verbose_name = _("råd")
        verbose_name_plural = _("råd")

    def __str__(self) -> str:
        return self.name


class CouncilArea(Dated):
    """The municipality belongs to the council's area in this period."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="areas")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="council_areas"
    )

    class Meta:
        ordering = ["council", "municipality__name"]
        verbose_name = _("rådsområde")
        verbose_name_plural = _("rådsområder")

    def __str__(self) -> str:
        return f"{self.municipality} → {self.council} ({self.valid_from}–{self.valid_to or ''})"


class MemberGroup(models.Model):
    code = models.CharField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("navn"), max_length=120)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("medlemsgruppe")
        verbose_name_plural = _("medlemsgrupper")

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    name = models.CharField(_("navn"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    calendar_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    MEMBER = "member", _("Medlem")
    ALTERNATE = "alternate", _("Suppleant")
    OBSERVER = "observer", _("Tilforordnet")
    CONSTITUENCY_REP = "constituency_rep", _("Baglandsrepræsentant")
    SECRETARIAT = "secretariat", _("Sekretariat")


class Membership(Dated):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    member_group = models.ForeignKey(
        MemberGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("medlemsgruppe"),
    )
    alternate_for = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alternates",
        verbose_name=_("suppleant for"),
    )
    represents = models.CharField(_("repræsenterer"), max_length=200, blank=True)

    class Meta:
        ordering = ["council", "member_group__position", "role", "person__name"]
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} ({self.council})"


class Committee(models.Model):
    class Kind(models.TextChoices):
        CHAIRMANSHIP = "chairmanship", _("Formandskab")
        CASE_COMMITTEE = "case_committee", _("Sagsudvalg")
        POSITIVE_LIST_COMMITTEE = "positive_list_committee", _("Positivlisteudvalg")
        OTHER = "other", _("Andet udvalg")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="committees")
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("navn"), max_length=120)
    slug = models.SlugField(max_length=60)

    class Meta:
        ordering = ["council", "name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "slug"], name="committee_slug_per_council")
        ]
        verbose_name = _("udvalg")
        verbose_name_plural = _("udvalg")

    def __str__(self) -> str:
        return f"{self.name} ({self.council})"


class CommitteeMembership(Dated):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="committee_memberships"
    )
    is_chair = models.BooleanField(_("udvalgsformand"), default=False)

    class Meta:
        ordering = ["committee", "-is_chair", "person__name"]
        verbose_name = _("udvalgsmedlem")
        verbose_name_plural = _("udvalgsmedlemmer")

    def __str__(self) -> str:
        return f"{self.person} i {self.committee.name}"


class Chairmanship(Dated):
    """A chair and two vice-chairs, elected for half a term. Old rows are the history."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="chairmanships")
    chair = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="+", verbose_name=_("formand")
    )
    first_vice_chair = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("1. næstformand"),
    )
    second_vice_chair = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("2. næstformand"),
    )
    elected_on = models.DateField(_("valgt den"))

    class Meta:
        ordering = ["council", "-valid_from"]
        verbose_name = _("formandskab")
        verbose_name_plural = _("formandskaber")

    def __str__(self) -> str:
        return f"Formandskab for {self.council} fra {self.valid_from}"

    def seats(self) -> list[tuple[str, Membership]]:
        return [
            (str(_("Formand")), self.chair),
            (str(_("1. næstformand")), self.first_vice_chair),
            (str(_("2. næstformand")), self.second_vice_chair),
        ]
