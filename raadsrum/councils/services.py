"""Writes about councils: the reference data they are built from, and who sits where.

Every function here validates, writes in one transaction and leaves an audit row. Rules
raise `ValidationFailed` with a message the secretariat can read as it stands.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import models, transaction
from django.utils.text import slugify

from raadsrum.core.audit import audit_record
from raadsrum.core.danish import danish_date
from raadsrum.core.errors import ValidationFailed
from raadsrum.councils.models import (
    Chairmanship,
    Committee,
    CommitteeMembership,
    Council,
    CouncilArea,
    Dated,
    MemberGroup,
    Membership,
    Municipality,
    Person,
    Region,
    Role,
)

Actor = User | AnonymousUser | None

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"

# Roles that sit in the council for a member group (the secretariat does not).
GROUP_ROLES = {Role.MEMBER, Role.ALTERNATE}


# --------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------


@dataclass
class ReferenceLoadResult:
    """What one load did, per kind of object ("regions", "municipalities", …)."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return (
            any(self.created.values()) or any(self.updated.values()) or any(self.deleted.values())
        )

    def count(self, bucket: dict[str, int], kind: str) -> None:
        bucket[kind] = bucket.get(kind, 0) + 1

    def summary(self) -> str:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.deleted))
        if not kinds:
            return "Referencedata er uændrede."
        parts = [
            f"{kind}: {self.created.get(kind, 0)} oprettet, {self.updated.get(kind, 0)} "
            f"ændret, {self.deleted.get(kind, 0)} slettet"
            for kind in kinds
        ]
        return "; ".join(parts)


def _read_json(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, list):
        raise ValidationFailed(f"{path.name} skal indeholde en liste.")
    return data


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {key: (value or "").strip() for key, value in row.items()}
            for row in csv.DictReader(handle)
        ]


def _parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class _Table:
    """The rows of one model already in the database, by natural key, to upsert against."""

    def __init__(self, model: type[models.Model], key: tuple[str, ...], kind: str) -> None:
        self.model, self.key, self.kind = model, key, kind
        self.rows: dict[tuple[Any, ...], Any] = {
            tuple(getattr(obj, name) for name in key): obj for obj in model._default_manager.all()
        }

    def upsert(
        self,
        *,
        lookup: dict[str, Any],
        values: dict[str, Any],
        result: ReferenceLoadResult,
        by: Actor,
        related: dict[str, models.Model] | None = None,
    ) -> Any:
        """Create the row, or update only the fields that differ; audit what changed.

        `related` hands over objects already at hand for the key's foreign keys, which
        spares a query per row for validation and for the audit row's text.
        """
        key = tuple(lookup[name] for name in self.key)
        obj = self.rows.get(key)
        if obj is None:
            obj = self.model(**lookup, **values)
            for name, value in (related or {}).items():
                setattr(obj, name, value)
            obj.full_clean(
                exclude=list(related or {}), validate_unique=False, validate_constraints=False
            )
            obj.save()
            self.rows[key] = obj
            result.count(result.created, self.kind)
            audit_record(actor=by, action=f"reference.{self.kind}.create", target=obj)
            return obj
        changed = {
            name: [str(getattr(obj, name)), str(value)]
            for name, value in values.items()
            if getattr(obj, name) != value
        }
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.full_clean(validate_unique=False, validate_constraints=False)
            obj.save(update_fields=list(changed))
            result.count(result.updated, self.kind)
            audit_record(
                actor=by,
                action=f"reference.{self.kind}.update",
                target=obj,
                details={"changed": changed},
            )
        return obj


def _successors_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Order council rows so that each council comes after the council succeeding it."""
    pending = {row["slug"]: row for row in rows}
    ordered: list[dict[str, Any]] = []
    while pending:
        ready = [
            row
            for row in pending.values()
            if not row.get("successor") or row["successor"] not in pending
        ]
        if not ready:
            raise ValidationFailed("Rådenes afløsere danner en ring: " + ", ".join(pending))
        for row in ready:
            if row.get("successor") and not any(r["slug"] == row["successor"] for r in ordered):
                raise ValidationFailed(
                    f"{row['name']} afløses af et ukendt råd: {row['successor']}."
                )
            ordered.append(row)
            del pending[row["slug"]]
    return ordered


@transaction.atomic
def reference_load(*, by: Actor = None, source: Path | None = None) -> ReferenceLoadResult:
    """Load regions, municipalities, councils, their areas and member groups from files.

    Safe to run again: rows are matched on their natural keys (region and municipality
    codes, council slug, member group code), so a second run changes nothing, and a run
    after the files were corrected updates just the corrected fields. For each council in
    the files, the file is the whole truth about its area: area rows not in the file go.
    """
    folder = source or REFERENCE_DIR
    result = ReferenceLoadResult()

    region_table = _Table(Region, ("code",), "regions")
    regions: dict[str, Region] = {}
    for row in _read_json(folder / "regions.json"):
        regions[row["code"]] = region_table.upsert(
            lookup={"code": row["code"]}, values={"name": row["name"]}, result=result, by=by
        )

    municipality_table = _Table(Municipality, ("code",), "municipalities")
    municipalities: dict[str, Municipality] = {}
    for row in _read_csv(folder / "municipalities.csv"):
        region = regions.get(row["region_code"])
        if region is None:
            raise ValidationFailed(
                f"Kommune {row['code']} peger på en ukendt region: {row['region_code']}."
            )
        municipalities[row["code"]] = municipality_table.upsert(
            lookup={"code": row["code"]},
            values={"name": row["name"], "region_id": region.pk},
            result=result,
            by=by,
        )

    council_table = _Table(Council, ("slug",), "councils")
    councils: dict[str, Council] = {}
    for row in _successors_first(_read_json(folder / "councils.json")):
        region = regions.get(row["region"]) if row.get("region") else None
        successor_slug = row.get("successor")
        councils[row["slug"]] = council_table.upsert(
            lookup={"slug": row["slug"]},
            values={
                "name": row["name"],
                "name_genitive": row["name_genitive"],
                "kind": row["kind"],
                "region_id": region.pk if region else None,
                "secretariat_name": row.get("secretariat_name", ""),
                "numbering_style": row.get("numbering_style", "triple"),
                "theme_item_letters": row.get("theme_item_letters", True),
                "valid_from": _parse_date(row["valid_from"]),
                "valid_to": _parse_date(row.get("valid_to")),
                "successor_id": councils[successor_slug].pk if successor_slug else None,
                "legal_basis": row.get("legal_basis", ""),
            },
            result=result,
            by=by,
        )

    area_table = _Table(
        CouncilArea, ("council_id", "municipality_id", "valid_from"), "council_areas"
    )
    wanted: set[tuple[int, int, date]] = set()
    for row in _read_csv(folder / "council_areas.csv"):
        council = councils.get(row["council"])
        municipality = municipalities.get(row["municipality_code"])
        if council is None or municipality is None:
            raise ValidationFailed(
                f"Rådsområdet {row['council']}/{row['municipality_code']} peger på et ukendt "
                "råd eller en ukendt kommune."
            )
        valid_from = _parse_date(row["valid_from"])
        assert valid_from is not None
        area = area_table.upsert(
            lookup={
                "council_id": council.pk,
                "municipality_id": municipality.pk,
                "valid_from": valid_from,
            },
            values={"valid_to": _parse_date(row.get("valid_to"))},
            related={"council": council, "municipality": municipality},
            result=result,
            by=by,
        )
        wanted.add((area.council_id, area.municipality_id, area.valid_from))
    for area in CouncilArea.objects.filter(council__in=councils.values()):
        if (area.council_id, area.municipality_id, area.valid_from) not in wanted:
            audit_record(actor=by, action="reference.council_areas.delete", target=area)
            area.delete()
            result.count(result.deleted, "council_areas")

    group_table = _Table(MemberGroup, ("code",), "member_groups")
    for row in _read_json(folder / "member_groups.json"):
        group_table.upsert(
            lookup={"code": row["code"]},
            values={"name": row["name"], "position": row.get("position", 0)},
            result=result,
            by=by,
        )
    return result


# --------------------------------------------------------------------------------------
# People and memberships
# --------------------------------------------------------------------------------------


@transaction.atomic
def person_create(
    *,
    name: str,
    by: Actor,
    organisation: str = "",
    email: str = "",
    user: User | None = None,
) -> Person:
    name = name.strip()
    if not name:
        raise ValidationFailed("Personen skal have et navn.")
    person = Person(name=name, organisation=organisation.strip(), email=email.strip(), user=user)
    person.full_clean()
    person.save()
    audit_record(actor=by, action="person.create", target=person)
    return person


def _check_period(valid_from: date, valid_to: date | None) -> None:
    if valid_to is not None and valid_to < valid_from:
        raise ValidationFailed("Slutdatoen må ikke ligge før startdatoen.")


def _check_inside_council(*, council: Council, valid_from: date, valid_to: date | None) -> None:
    if valid_from < council.valid_from or (
        council.valid_to is not None and valid_from > council.valid_to
    ):
        raise ValidationFailed(
            f"{council.name} findes ikke den {danish_date(valid_from)}; "
            "perioden skal ligge inden for rådets levetid."
        )
    if council.valid_to is not None and valid_to is not None and valid_to > council.valid_to:
        raise ValidationFailed(
            f"{council.name} ophørte den {danish_date(council.valid_to)}; "
            "perioden kan ikke gå længere."
        )


def _default_end(*, council: Council, valid_from: date, valid_to: date | None) -> date | None:
    """An open-ended seat in a council that has an end date ends with the council."""
    if valid_to is None and council.valid_to is not None and valid_from <= council.valid_to:
        return council.valid_to
    return valid_to


def _overlapping(
    queryset: models.QuerySet[Any], *, valid_from: date, valid_to: date | None
) -> models.QuerySet[Any]:
    """Rows of a Dated queryset whose period overlaps [valid_from, valid_to]."""
    queryset = queryset.filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=valid_from))
    if valid_to is not None:
        queryset = queryset.filter(valid_from__lte=valid_to)
    return queryset


def membership_check(
    *,
    council: Council,
    person: Person,
    role: str,
    valid_from: date,
    valid_to: date | None = None,
    member_group: MemberGroup | None = None,
    alternate_for: Membership | None = None,
) -> MemberGroup | None:
    """Raise ValidationFailed if the membership breaks a rule; return its member group.

    An alternate who names no group takes the group of the member they stand in for.
    """
    _check_period(valid_from, valid_to)
    _check_inside_council(council=council, valid_from=valid_from, valid_to=valid_to)
    if role not in Role.values:
        raise ValidationFailed(f"Ukendt rolle: {role}.")
    if role == Role.ALTERNATE:
        if alternate_for is None:
            raise ValidationFailed("En suppleant skal være suppleant for et navngivet medlem.")
        if alternate_for.council_id != council.pk:
            raise ValidationFailed("En suppleant skal være suppleant for et medlem af samme råd.")
        if alternate_for.role not in {Role.MEMBER, Role.OBSERVER}:
            raise ValidationFailed(
                "En suppleant kan kun være suppleant for et medlem eller en tilforordnet."
            )
        if alternate_for.person_id == person.pk:
            raise ValidationFailed("Man kan ikke være suppleant for sig selv.")
        if not alternate_for.is_valid_on(valid_from):
            raise ValidationFailed(
                f"{alternate_for.person.name} er ikke {alternate_for.get_role_display().lower()} "
                f"den {danish_date(valid_from)}."
            )
        if alternate_for.role == Role.MEMBER:
            if member_group is None:
                member_group = alternate_for.member_group
            elif member_group.pk != alternate_for.member_group_id:
                raise ValidationFailed(
                    "En suppleant skal komme fra samme medlemsgruppe som det medlem, "
                    "vedkommende er suppleant for."
                )
    elif alternate_for is not None:
        raise ValidationFailed("Kun en suppleant kan være suppleant for et medlem.")
    needs_group = role == Role.MEMBER or (
        role == Role.ALTERNATE and alternate_for is not None and alternate_for.role == Role.MEMBER
    )
    if needs_group and member_group is None:
        raise ValidationFailed("Medlemmer og suppleanter skal høre til en medlemsgruppe.")
    clash = _overlapping(
        Membership.objects.filter(council=council, person=person, role=role),
        valid_from=valid_from,
        valid_to=valid_to,
    ).first()
    if clash is not None:
        raise ValidationFailed(
            f"{person.name} er allerede {clash.get_role_display().lower()} i {council.name} "
            f"fra {danish_date(clash.valid_from)}."
        )
    return member_group


@transaction.atomic
def membership_add(
    *,
    council: Council,
    person: Person,
    role: str,
    valid_from: date,
    valid_to: date | None = None,
    member_group: MemberGroup | None = None,
    alternate_for: Membership | None = None,
    represents: str = "",
    by: Actor,
) -> Membership:
    """Seat a person in a council; open-ended seats end with the council itself."""
    valid_to = _default_end(council=council, valid_from=valid_from, valid_to=valid_to)
    member_group = membership_check(
        council=council,
        person=person,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
        member_group=member_group,
        alternate_for=alternate_for,
    )
    membership = Membership(
        council=council,
        person=person,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
        member_group=member_group,
        alternate_for=alternate_for,
        represents=represents.strip(),
    )
    membership.full_clean()
    membership.save()
    audit_record(
        actor=by,
        action="membership.add",
        target=membership,
        details={"role": role, "valid_from": str(valid_from), "valid_to": str(valid_to or "")},
    )
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, valid_to: date, by: Actor) -> Membership:
    """End a seat on `valid_to` (the last day held). A chairmanship seat must be handed on first."""
    _check_period(membership.valid_from, valid_to)
    if membership.valid_to is not None and valid_to > membership.valid_to:
        raise ValidationFailed(
            f"Medlemskabet slutter allerede den {danish_date(membership.valid_to)}."
        )
    seat_holder = (
        models.Q(chair=membership)
        | models.Q(first_vice_chair=membership)
        | models.Q(second_vice_chair=membership)
    )
    chairmanship = (
        Chairmanship.objects.filter(seat_holder)
        .filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=valid_to))
        .first()
    )
    if chairmanship is not None:
        raise ValidationFailed(
            f"{membership.person.name} sidder i formandskabet efter den {danish_date(valid_to)}; "
            "vælg et nyt formandskab først."
        )
    previous = membership.valid_to
    membership.valid_to = valid_to
    membership.save(update_fields=["valid_to"])
    audit_record(
        actor=by,
        action="membership.end",
        target=membership,
        details={"valid_to": [str(previous or ""), str(valid_to)]},
    )
    return membership


# --------------------------------------------------------------------------------------
# Committees
# --------------------------------------------------------------------------------------


@transaction.atomic
def committee_create(
    *, council: Council, kind: str, name: str, by: Actor, slug: str = ""
) -> Committee:
    name = name.strip()
    if not name:
        raise ValidationFailed("Udvalget skal have et navn.")
    if kind not in Committee.Kind.values:
        raise ValidationFailed(f"Ukendt udvalgstype: {kind}.")
    slug = slugify(slug or name.replace("æ", "ae").replace("ø", "oe").replace("å", "aa"))
    if Committee.objects.filter(council=council, slug=slug).exists():
        raise ValidationFailed(f"{council.name} har allerede et udvalg med kortnavnet '{slug}'.")
    committee = Committee(council=council, kind=kind, name=name, slug=slug)
    committee.full_clean()
    committee.save()
    audit_record(actor=by, action="committee.create", target=committee)
    return committee


@transaction.atomic
def committee_member_add(
    *,
    committee: Committee,
    person: Person,
    valid_from: date,
    valid_to: date | None = None,
    is_chair: bool = False,
    by: Actor,
) -> CommitteeMembership:
    """Seat a person of the council (member, alternate or observer) in one of its committees."""
    _check_period(valid_from, valid_to)
    council = committee.council
    valid_to = _default_end(council=council, valid_from=valid_from, valid_to=valid_to)
    _check_inside_council(council=council, valid_from=valid_from, valid_to=valid_to)
    in_council = (
        Membership.objects.filter(Dated.valid_on(valid_from), council=council, person=person)
        .exclude(role=Role.SECRETARIAT)
        .exists()
    )
    if not in_council:
        raise ValidationFailed(
            f"{person.name} sidder ikke i {council.name} den {danish_date(valid_from)}; kun rådets "
            "egne folk kan sidde i dets udvalg."
        )
    seats = CommitteeMembership.objects.filter(committee=committee)
    if _overlapping(seats.filter(person=person), valid_from=valid_from, valid_to=valid_to).exists():
        raise ValidationFailed(f"{person.name} sidder allerede i {committee.name} i perioden.")
    if (
        is_chair
        and _overlapping(
            seats.filter(is_chair=True), valid_from=valid_from, valid_to=valid_to
        ).exists()
    ):
        raise ValidationFailed(f"{committee.name} har allerede en formand i perioden.")
    seat = CommitteeMembership(
        committee=committee,
        person=person,
        valid_from=valid_from,
        valid_to=valid_to,
        is_chair=is_chair,
    )
    seat.full_clean()
    seat.save()
    audit_record(actor=by, action="committee.member_add", target=seat)
    return seat


@transaction.atomic
def committee_member_end(
    *, seat: CommitteeMembership, valid_to: date, by: Actor
) -> CommitteeMembership:
    _check_period(seat.valid_from, valid_to)
    previous = seat.valid_to
    seat.valid_to = valid_to
    seat.save(update_fields=["valid_to"])
    audit_record(
        actor=by,
        action="committee.member_end",
        target=seat,
        details={"valid_to": [str(previous or ""), str(valid_to)]},
    )
    return seat


# --------------------------------------------------------------------------------------
# Chairmanship
# --------------------------------------------------------------------------------------


def half_term_end(valid_from: date) -> date:
    """The last day of a two-year half term starting on `valid_from`."""
    try:
        two_years_on = valid_from.replace(year=valid_from.year + 2)
    except ValueError:  # 29 February
        two_years_on = date(valid_from.year + 2, 3, 1)
    return two_years_on - timedelta(days=1)


def chairmanship_check(
    *,
    council: Council,
    chair: Membership,
    first_vice_chair: Membership,
    second_vice_chair: Membership,
    valid_from: date,
) -> None:
    """Raise ValidationFailed unless the three may form the council's chairmanship.

    The rule of procedure quoted in the minutes: the chair is a member of the council;
    the two vice chairs are members from two member groups not represented by the chair.
    """
    _check_inside_council(council=council, valid_from=valid_from, valid_to=None)
    seats = [
        ("Formanden", chair),
        ("1. næstformand", first_vice_chair),
        ("2. næstformand", second_vice_chair),
    ]
    for label, seat in seats:
        if seat.council_id != council.pk or seat.role != Role.MEMBER:
            raise ValidationFailed(f"{label} skal være medlem af {council.name}.")
        if not seat.is_valid_on(valid_from):
            raise ValidationFailed(
                f"{label} skal være medlem af {council.name} den {danish_date(valid_from)}."
            )
    if len({seat.person_id for _, seat in seats}) < 3:
        raise ValidationFailed("Formand og næstformænd skal være tre forskellige personer.")
    groups = [seat.member_group_id for _, seat in seats]
    if None in groups:
        raise ValidationFailed("Formand og næstformænd skal høre til en medlemsgruppe.")
    chair_group, first_group, second_group = groups
    if chair_group in (first_group, second_group) or first_group == second_group:
        raise ValidationFailed(
            "Næstformændene skal komme fra to andre medlemsgrupper end formandens."
        )
    later = (
        Chairmanship.objects.filter(council=council, valid_from__gte=valid_from)
        .order_by("valid_from")
        .first()
    )
    if later is not None:
        raise ValidationFailed(
            f"Der er allerede valgt et formandskab fra den {danish_date(later.valid_from)}."
        )


@transaction.atomic
def chairmanship_elect(
    *,
    council: Council,
    chair: Membership,
    first_vice_chair: Membership,
    second_vice_chair: Membership,
    valid_from: date,
    valid_to: date | None = None,
    elected_on: date,
    by: Actor,
) -> Chairmanship:
    """Record an election; the chairmanship in office ends the day before the new one starts."""
    chairmanship_check(
        council=council,
        chair=chair,
        first_vice_chair=first_vice_chair,
        second_vice_chair=second_vice_chair,
        valid_from=valid_from,
    )
    if valid_to is None:
        valid_to = half_term_end(valid_from)
        if council.valid_to is not None:
            valid_to = min(valid_to, council.valid_to)
    _check_period(valid_from, valid_to)
    _check_inside_council(council=council, valid_from=valid_from, valid_to=valid_to)
    day_before = valid_from - timedelta(days=1)
    for previous in _overlapping(
        Chairmanship.objects.select_for_update().filter(council=council),
        valid_from=valid_from,
        valid_to=None,
    ):
        old_end = previous.valid_to
        previous.valid_to = day_before
        previous.save(update_fields=["valid_to"])
        audit_record(
            actor=by,
            action="chairmanship.end",
            target=previous,
            details={"valid_to": [str(old_end or ""), str(day_before)]},
        )
    chairmanship = Chairmanship(
        council=council,
        chair=chair,
        first_vice_chair=first_vice_chair,
        second_vice_chair=second_vice_chair,
        valid_from=valid_from,
        valid_to=valid_to,
        elected_on=elected_on,
    )
    chairmanship.full_clean()
    chairmanship.save()
    audit_record(
        actor=by,
        action="chairmanship.elect",
        target=chairmanship,
        details={
            "chair": chair.person.name,
            "first_vice_chair": first_vice_chair.person.name,
            "second_vice_chair": second_vice_chair.person.name,
            "valid_from": str(valid_from),
            "valid_to": str(valid_to),
        },
    )
    return chairmanship
