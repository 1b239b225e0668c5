"""The demo: reference data, demo logins, and RAR Nordjylland's meeting of 4 June 2020.

`demo_load` builds everything through the councils and meetings services, so the demo
data passes the same rules and leaves the same audit trail as real work. It is safe to
run again: each step first looks for what it would create, and a second run creates
nothing. The whole load is one transaction, so a failure leaves nothing half-made.

The demo logins have fixed, published passwords: the demo is not for production.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import NoReverseMatch, reverse

import raadsrum.meetings
from raadsrum.core.errors import ValidationFailed
from raadsrum.councils import selectors as council_selectors
from raadsrum.councils import services as council_services
from raadsrum.councils.models import Council, MemberGroup, Membership, Person, Role
from raadsrum.meetings import services as meeting_services
from raadsrum.meetings.models import AgendaItem, AnnualPlanEntry, Attendance, Meeting, Minutes
from raadsrum.meetings.selectors import meeting_get_by_address, minutes_current
from raadsrum.monitoring.demo import ensure_statistics_demo
from raadsrum.positivelist.demo import ensure_positive_list_demo

DEMO_DIR = Path(raadsrum.meetings.__file__).resolve().parent / "demo"
MEETING_FILE = "nordjylland-2020-06-04.json"
STANDING_ITEMS_FILE = "standing_items.json"

ARCHIVE_COUNCIL = "nordjylland"
DEMO_MEETING_DATE = dt.date(2020, 6, 4)
DEMO_MEETING_ADDRESS = f"{ARCHIVE_COUNCIL}/{DEMO_MEETING_DATE.isoformat()}"
# The term of RAR Nordjylland the 2020 attendance list belongs to.
ARCHIVE_TERM = (dt.date(2018, 6, 1), dt.date(2022, 5, 31))
# Elected at the meeting itself (item 1.3.1): chair, 1st and 2nd vice-chair, from that day.
ARCHIVE_CHAIRMANSHIP = ("Birgit Frederiksen", "Lars Christensen", "Peter Hansen")
SITE_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    name: str
    role: str  # what the user is, in Danish
    can: str  # what the user can do, in Danish


# Fixed demo passwords, printed at the end of every run. Never use them in production.
SECRETARY = DemoLogin(
    "sekretariat",
    "demo-sekretariat",
    "Signe Sekretær",
    "sekretariat",
    "redigerer dagsordener og referater, offentliggør, vedligeholder årshjul og faste punkter",
)
CHAIR = DemoLogin(
    "formand",
    "demo-formand",
    "Frederik Formand",
    "formand (DA)",
    "godkender dagsordener og referater på formandskabets vegne",
)
MEMBER = DemoLogin(
    "medlem",
    "demo-medlem",
    "Maja Medlem",
    "medlem (FH)",
    "læser udkast og kommenterer referater i skriftlig høring",
)
ADMIN = DemoLogin(
    "admin",
    "demo-admin",
    "Adam Administrator",
    "administrator (superbruger)",
    "alt, også Django-administrationen på /admin/",
)
DEMO_LOGINS = (SECRETARY, CHAIR, MEMBER, ADMIN)

# Members of the current council who hold the vice-chair seats (no logins).
VICE_CHAIRS = (("Nina Næstformand", "fh"), ("Niels Næstformand", "kl"))
CHAIR_GROUP, MEMBER_GROUP = "da", "fh"

# Attendance-list group names that differ from the member groups' own code and name.
GROUP_ALIASES = {
    "kommunerne": "kl",
    "kl": "kl",
    "lo": "fh",
    "ftf": "fh",
    "regionen": "regionsraadet",
    "regionsrådet": "regionsraadet",
    "region nordjylland": "regionsraadet",
}
# Attendance role, as a code or in Danish → the membership role it implies (None: no seat).
ATTENDANCE_ROLES: dict[str, tuple[str, str | None]] = {
    "member": (Attendance.Role.MEMBER, Role.MEMBER),
    "medlem": (Attendance.Role.MEMBER, Role.MEMBER),
    "alternate": (Attendance.Role.ALTERNATE, Role.ALTERNATE),
    "suppleant": (Attendance.Role.ALTERNATE, Role.ALTERNATE),
    "observer": (Attendance.Role.OBSERVER, Role.OBSERVER),
    "tilforordnet": (Attendance.Role.OBSERVER, Role.OBSERVER),
    "constituency_rep": (Attendance.Role.CONSTITUENCY_REP, Role.CONSTITUENCY_REP),
    "baglandsrepræsentant": (Attendance.Role.CONSTITUENCY_REP, Role.CONSTITUENCY_REP),
    "secretariat": (Attendance.Role.SECRETARIAT, Role.SECRETARIAT),
    "sekretariat": (Attendance.Role.SECRETARIAT, Role.SECRETARIAT),
    "guest": (Attendance.Role.GUEST, None),
    "gæst": (Attendance.Role.GUEST, None),
    "presenter": (Attendance.Role.PRESENTER, None),
    "oplægsholder": (Attendance.Role.PRESENTER, None),
}
ATTENDANCE_STATUSES = {
    "present": Attendance.Status.PRESENT,
    "deltog": Attendance.Status.PRESENT,
    "absent": Attendance.Status.ABSENT,
    "afbud": Attendance.Status.ABSENT,
    "represented": Attendance.Status.REPRESENTED,
    "repræsenteret ved suppleant": Attendance.Status.REPRESENTED,
}

PLAN_ENTRIES: tuple[tuple[str, str, dt.date, dt.date | None, str], ...] = (
    (
        AnnualPlanEntry.Kind.TASK,
        "Mødekalender for 2027 godkendes",
        dt.date(2026, 12, 3),
        None,
        "Rådet godkender næste års mødekalender; medlemmerne får kalenderinvitationer.",
    ),
    (
        AnnualPlanEntry.Kind.TOPIC,
        "Arbejdsmarkedsbalancen opdateres",
        dt.date(2027, 1, 15),
        None,
        "STAR's arbejdsmarkedsbalance for første halvår; grundlag for positivlisten.",
    ),
    (
        AnnualPlanEntry.Kind.EVENT,
        "Årsmøde med kommunernes beskæftigelsesudvalg",
        dt.date(2027, 3, 11),
        None,
        "Det årlige møde med beskæftigelsesudvalgene i regionen.",
    ),
    (
        AnnualPlanEntry.Kind.TASK,
        "Positivlisten for den regionale uddannelsespulje offentliggøres",
        dt.date(2027, 4, 1),
        None,
        "Listen gælder til 30. marts året efter.",
    ),
    (
        AnnualPlanEntry.Kind.SEMINAR,
        "Strategiseminar 2027",
        dt.date(2027, 9, 9),
        dt.date(2027, 9, 10),
        "Rådets årlige seminar om fokusområder og initiativer.",
    ),
    (
        AnnualPlanEntry.Kind.TASK,
        "Tilføjelse af kurser til positivlisten",
        dt.date(2027, 10, 1),
        None,
        "Kurser, der tilføjes positivlisten pr. 1. oktober.",
    ),
)


@dataclass
class DemoReport:
    """What one run created and what was already there (Danish lines for the console)."""

    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    password_changed: set[str] = field(default_factory=set)
    upcoming_address: str = ""

    def made(self, what: str) -> None:
        self.created.append(what)

    def had(self, what: str) -> None:
        self.existing.append(what)


@dataclass
class DemoUsers:
    secretary: User
    chair: User
    member: User
    admin: User


def documents_available() -> bool:
    """Publishing minutes snapshots them through raadsrum.meetings.documents."""
    try:
        return importlib.util.find_spec("raadsrum.meetings.documents.model") is not None
    except ModuleNotFoundError:
        return False


def read_json(path: Path) -> Any:
    if not path.exists():
        raise ValidationFailed(f"Demodata mangler: {path} findes ikke.")
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def demo_load(*, data_dir: Path | None = None, today: dt.date | None = None) -> DemoReport:
    """Load the whole demo; a second run finds everything and creates nothing."""
    folder = data_dir or DEMO_DIR
    today = today or council_selectors.today()
    report = DemoReport()
    meeting_data = read_json(folder / MEETING_FILE)
    standing_items = read_json(folder / STANDING_ITEMS_FILE)

    reference = council_services.reference_load()
    if reference.changed:
        report.made(f"referencedata ({reference.summary()})")
    else:
        report.had("referencedata (kommuner, regioner, råd, medlemsgrupper)")

    archive = council_selectors.council_get(slug=meeting_data.get("council", ARCHIVE_COUNCIL))
    current = current_successor(council=archive, on=today)
    users = ensure_users(report=report)
    ensure_current_council_seats(council=current, users=users, on=today, report=report)
    people = ensure_archive_members(
        council=archive,
        attendance=meeting_data.get("attendance", []),
        by=users.admin,
        report=report,
    )
    ensure_demo_meeting(
        council=archive, data=meeting_data, people=people, users=users, report=report
    )
    ensure_archive_chairmanship(
        council=archive, on=DEMO_MEETING_DATE, by=users.admin, report=report
    )
    ensure_standing_items(council=current, rows=standing_items, by=users.secretary, report=report)
    ensure_upcoming_meeting(council=current, on=today, by=users.secretary, report=report)
    ensure_plan_entries(council=current, by=users.secretary, report=report)
    ensure_archive_samples(report=report)
    for ensure in (ensure_positive_list_demo, ensure_statistics_demo):
        ensure(council=current, archive=archive, users=users, report=report, today=today)
    return report


def ensure_archive_samples(*, report: DemoReport) -> None:
    """The sample minutes through the archive importer (the 2020 meeting is linked, not doubled)."""
    if importlib.util.find_spec("raadsrum.archive.demo") is None:
        return
    from raadsrum.archive.demo import archive_samples_import

    results, errors = archive_samples_import()
    for result in results:
        line = f"arkivfil {result.source_name}: {result.status_label}" + (
            f" ({result.meeting_address})" if result.meeting_address else ""
        )
        if result.status == "already_imported":
            report.had(line)
        else:
            report.made(line)
    report.notes.extend(f"Arkivfilen kunne ikke importeres: {line}" for line in errors)


def current_successor(*, council: Council, on: dt.date) -> Council:
    """The council in force on `on` that carries on `council` (RAR → employment council)."""
    for body in council_selectors.council_lineage(council=council):
        if body.is_valid_on(on):
            return body
    raise ValidationFailed(f"Ingen afløser for {council.name} er i kraft den {on:%d.%m.%Y}.")


# --- Users and seats ---------------------------------------------------------------------


def ensure_users(*, report: DemoReport) -> DemoUsers:
    """The four demo logins, each with a Person. User accounts have no service: created here."""
    made: dict[str, User] = {}
    for login in DEMO_LOGINS:
        user = User.objects.filter(username=login.username).first()
        if user is None:
            first, _, last = login.name.partition(" ")
            factory = User.objects.create_superuser if login is ADMIN else User.objects.create_user
            user = factory(
                username=login.username,
                password=login.password,
                first_name=first,
                last_name=last,
                email=f"{login.username}@demo.invalid",
            )
            report.made(f"bruger {login.username}")
        else:
            report.had(f"bruger {login.username}")
            if not user.check_password(login.password):
                report.password_changed.add(login.username)
        made[login.username] = user
    admin = made[ADMIN.username]
    for login in DEMO_LOGINS:
        user = made[login.username]
        if Person.objects.filter(user=user).exists():
            continue
        council_services.person_create(
            name=login.name,
            by=admin,
            user=user,
            email=f"{login.username}@demo.invalid",
            organisation="Demo",
        )
        report.made(f"person {login.name} (bruger {login.username})")
    return DemoUsers(
        secretary=made[SECRETARY.username],
        chair=made[CHAIR.username],
        member=made[MEMBER.username],
        admin=admin,
    )


def _member_group(code: str) -> MemberGroup:
    return MemberGroup.objects.get(code=code)


def _seat(
    *,
    council: Council,
    person: Person,
    role: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    group: MemberGroup | None = None,
    by: User,
    report: DemoReport,
    label: str,
) -> Membership:
    """The person's seat in the council with that role from `valid_from`, added if missing."""
    seat = Membership.objects.filter(
        council=council, person=person, role=role, valid_from=valid_from
    ).first()
    if seat is not None:
        report.had(label)
        return seat
    seat = council_services.membership_add(
        council=council,
        person=person,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
        member_group=group,
        by=by,
    )
    report.made(label)
    return seat


def ensure_current_council_seats(
    *, council: Council, users: DemoUsers, on: dt.date, report: DemoReport
) -> None:
    """Seat the demo users in the current council and make the chair demo user chair."""
    start = council.valid_from
    admin = users.admin
    _seat(
        council=council,
        person=users.secretary.person,
        role=Role.SECRETARIAT,
        valid_from=start,
        by=admin,
        report=report,
        label=f"{SECRETARY.name} ({SECRETARY.username}) i sekretariatet for {council.name}",
    )
    chair = _seat(
        council=council,
        person=users.chair.person,
        role=Role.MEMBER,
        valid_from=start,
        group=_member_group(CHAIR_GROUP),
        by=admin,
        report=report,
        label=f"{CHAIR.name} ({CHAIR.username}) som medlem af {council.name}",
    )
    _seat(
        council=council,
        person=users.member.person,
        role=Role.MEMBER,
        valid_from=start,
        group=_member_group(MEMBER_GROUP),
        by=admin,
        report=report,
        label=f"{MEMBER.name} ({MEMBER.username}) som medlem af {council.name}",
    )
    vices: list[Membership] = []
    for name, group in VICE_CHAIRS:
        person = _person(name=name, organisation="Demo", by=admin)
        vices.append(
            _seat(
                council=council,
                person=person,
                role=Role.MEMBER,
                valid_from=start,
                group=_member_group(group),
                by=admin,
                report=report,
                label=f"{name} som medlem af {council.name}",
            )
        )

    in_office = council_selectors.chairmanship_on(council=council, on=on)
    if in_office is not None:
        report.had(f"formandskab for {council.name}")
        if in_office.chair.person_id != users.chair.person.pk:
            report.notes.append(
                f"{council.name} har allerede et andet formandskab; demobrugeren "
                f"{CHAIR.username} kan derfor ikke godkende."
            )
        return
    half_term = _half_term_start(council=council, on=on)
    council_services.chairmanship_elect(
        council=council,
        chair=chair,
        first_vice_chair=vices[0],
        second_vice_chair=vices[1],
        valid_from=half_term,
        elected_on=half_term,
        by=admin,
    )
    report.made(f"formandskab for {council.name} fra {half_term:%d.%m.%Y}")


def _half_term_start(*, council: Council, on: dt.date) -> dt.date:
    """The first day of the two-year half term (counted from the council's start) holding `on`."""
    start = council.valid_from
    while council_services.half_term_end(start) < on:
        start = council_services.half_term_end(start) + dt.timedelta(days=1)
    return start


def _person(*, name: str, organisation: str, by: User) -> Person:
    """The person of that name and organisation, created if there is none."""
    person = Person.objects.filter(name=name, organisation=organisation).first()
    if person is None:
        person = council_services.person_create(name=name, organisation=organisation, by=by)
    return person


def _attendance_role(row: dict[str, Any]) -> tuple[str, str | None]:
    key = str(row.get("role", "member")).strip().lower()
    if key not in ATTENDANCE_ROLES:
        raise ValidationFailed(
            f"Ukendt rolle i deltagerlisten: {row.get('role')!r} ({row.get('name')})."
        )
    return ATTENDANCE_ROLES[key]


def _attendance_status(row: dict[str, Any]) -> str:
    key = str(row.get("status", "present")).strip().lower()
    if key not in ATTENDANCE_STATUSES:
        raise ValidationFailed(
            f"Ukendt fremmøde i deltagerlisten: {row.get('status')!r} ({row.get('name')})."
        )
    return ATTENDANCE_STATUSES[key]


def member_group_for(name: str) -> MemberGroup | None:
    """The member group an attendance list means by 'DA', 'FH', 'Kommunerne', 'Regionsrådet'."""
    key = name.strip().lower()
    if not key:
        return None
    code = GROUP_ALIASES.get(key, key)
    for group in council_selectors.member_group_list():
        names = {group.code.lower(), group.name.lower(), group.name.split(" ")[0].lower()}
        if code in names:
            return group
    return None


def ensure_archive_members(
    *,
    council: Council,
    attendance: list[dict[str, Any]],
    by: User,
    report: DemoReport,
) -> dict[str, Person]:
    """The attendance list's people as members of the council's 2018–2022 term.

    Guests and presenters get no seat. Alternates get one only when the list names the
    member they stand in for (`alternate_for`): the rules allow no alternate for nobody.
    """
    start, end = ARCHIVE_TERM
    people: dict[str, Person] = {}
    seated = skipped = 0
    for row in attendance:
        name = row["name"].strip()
        _, role = _attendance_role(row)
        if role is None or name in people:
            continue
        group = member_group_for(row.get("group", ""))
        if role == Role.MEMBER and group is None:
            raise ValidationFailed(
                f"{name} er medlem, men gruppen {row.get('group')!r} er ingen kendt medlemsgruppe."
            )
        person = _person(name=name, organisation=row.get("organisation", "").strip(), by=by)
        existing = Membership.objects.filter(
            council=council, person=person, role=role, valid_from=start
        ).first()
        if existing is not None:
            people[name] = person
            continue
        alternate_for = None
        if role == Role.ALTERNATE:
            principal = row.get("alternate_for", "").strip()
            alternate_for = (
                Membership.objects.filter(
                    council=council,
                    person__name=principal,
                    valid_from=start,
                    role__in=[Role.MEMBER, Role.OBSERVER],
                ).first()
                if principal
                else None
            )
            if alternate_for is None:
                people[name] = person
                skipped += 1
                continue
        council_services.membership_add(
            council=council,
            person=person,
            role=role,
            valid_from=start,
            valid_to=end,
            member_group=group if role in (Role.MEMBER, Role.ALTERNATE) else None,
            alternate_for=alternate_for,
            represents=row.get("organisation", "") if role == Role.CONSTITUENCY_REP else "",
            by=by,
        )
        people[name] = person
        seated += 1
    label = f"{council.name_genitive} medlemmer 2018–2022 fra deltagerlisten"
    if seated:
        report.made(f"{label} ({seated} pladser)")
    else:
        report.had(label)
    if skipped:
        report.notes.append(
            f"{skipped} suppleant(er) på deltagerlisten fik ingen plads i rådet, fordi listen "
            "ikke siger, hvem de er suppleant for."
        )
    return people


def ensure_archive_chairmanship(
    *, council: Council, on: dt.date, by: User, report: DemoReport
) -> None:
    """The chairmanship elected on 4 June 2020, when its three people sit in the council."""
    label = f"formandskab for {council.name} valgt {on:%d.%m.%Y}"
    if council.chairmanships.filter(valid_from=on).exists():
        report.had(label)
        return
    start, end = ARCHIVE_TERM
    seats = [
        Membership.objects.filter(
            council=council, person__name=name, role=Role.MEMBER, valid_from=start
        ).first()
        for name in ARCHIVE_CHAIRMANSHIP
    ]
    chair, first, second = seats
    if chair is None or first is None or second is None:
        return  # a stand-in attendance list without them: nothing to record
    council_services.chairmanship_elect(
        council=council,
        chair=chair,
        first_vice_chair=first,
        second_vice_chair=second,
        valid_from=on,
        valid_to=end,
        elected_on=on,
        by=by,
    )
    report.made(label)


# --- The 4 June 2020 meeting ---------------------------------------------------------------


def _time(value: str | None) -> dt.time | None:
    return dt.time.fromisoformat(value.replace(".", ":")) if value else None


def _kinds(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def _text(data: dict[str, Any], key: str) -> str:
    return str(data.get(key) or "")


def _attachment_title(value: Any) -> str:
    return value["title"] if isinstance(value, dict) else str(value)


def ensure_demo_meeting(
    *,
    council: Council,
    data: dict[str, Any],
    people: dict[str, Person],
    users: DemoUsers,
    report: DemoReport,
) -> Meeting:
    """Recreate the meeting from its JSON, then bring agenda and minutes to published."""
    day = dt.date.fromisoformat(data.get("date", DEMO_MEETING_DATE.isoformat()))
    address = f"{council.slug}/{day.isoformat()}"
    try:
        meeting = meeting_get_by_address(address)
        report.had(f"mødet {address}")
        meeting = _agenda_to_published(meeting=meeting, users=users, report=report)
    except Meeting.DoesNotExist:
        # In the order it happened: agenda written, approved and published; the meeting
        # held with its attendance and decisions; then the minutes approved and published.
        meeting, decisions = _build_agenda(council=council, day=day, data=data, by=users.secretary)
        meeting = _agenda_to_published(meeting=meeting, users=users, report=report)
        _hold_meeting(
            meeting=meeting, data=data, people=people, decisions=decisions, by=users.secretary
        )
        report.made(
            f"mødet {address} med {meeting.items.count()} punkter og "
            f"{meeting.attendance.count()} deltagere"
        )
    # A run that stopped short (before the documents module existed) finishes here.
    _minutes_to_published(meeting=meeting, users=users, report=report)
    return meeting


def _build_agenda(
    *, council: Council, day: dt.date, data: dict[str, Any], by: User
) -> tuple[Meeting, list[tuple[AgendaItem, str]]]:
    """The meeting with its sections, items and attachments; the decisions still to record."""
    s = meeting_services
    meeting = s.meeting_create(
        council=council,
        date=day,
        by=by,
        from_template=False,
        start_time=_time(data.get("start_time")),
        end_time=_time(data.get("end_time")),
        location=data.get("location", ""),
        is_virtual=bool(data.get("virtual", data.get("is_virtual", False))),
        title=data.get("title", ""),
    )
    if data.get("note"):
        meeting = s.meeting_update(meeting=meeting, by=by, note=data["note"])
    # The whole agenda at once (one renumbering); decisions are recorded once it is held.
    items = s.agenda_build(
        meeting=meeting,
        by=by,
        sections=[
            s.SectionSpec(
                title=section_data["title"],
                is_theme=bool(section_data.get("is_theme", False)),
                items=[
                    s.ItemSpec(
                        title=item_data["title"],
                        kinds=_kinds(item_data.get("kinds")),
                        has_presentation=bool(item_data.get("has_presentation", False)),
                        summary=_text(item_data, "summary"),
                        recommendation=_text(item_data, "recommendation"),
                        presentation=_text(item_data, "presentation"),
                        next_steps=_text(item_data, "next_steps"),
                        background=_text(item_data, "background"),
                        attachments=[
                            s.AttachmentSpec(title=_attachment_title(attachment))
                            for attachment in item_data.get("attachments", [])
                        ],
                    )
                    for item_data in section_data.get("items", [])
                ],
            )
            for section_data in data["sections"]
        ],
    )
    all_data = [item for section in data["sections"] for item in section.get("items", [])]
    decisions: list[tuple[AgendaItem, str]] = []
    for item, item_data in zip(items, all_data, strict=True):
        expected = item_data.get("number")
        if expected is not None and item.number != expected:
            raise ValidationFailed(
                f"Punktet {item_data['title']!r} fik nummer {item.number}, men mødet "
                f"nummererede det {expected}. Demodata og nummerering stemmer ikke."
            )
        if item_data.get("decision"):
            decisions.append((item, item_data["decision"]))
    return meeting, decisions


def _hold_meeting(
    *,
    meeting: Meeting,
    data: dict[str, Any],
    people: dict[str, Person],
    decisions: list[tuple[AgendaItem, str]],
    by: User,
) -> None:
    """Attendance, the decisions written into the minutes, and the time the meeting ended."""
    s = meeting_services
    rows = [
        s.AttendanceSpec(
            name=row["name"],
            role=_attendance_role(row)[0],
            group=row.get("group", ""),
            organisation=row.get("organisation", ""),
            status=_attendance_status(row),
            person=people.get(row["name"].strip()),
        )
        for row in data.get("attendance", [])
    ]
    if rows:
        s.attendance_build(meeting=meeting, by=by, rows=rows)
    for item, decision in decisions:
        item.refresh_from_db()
        s.decision_record(item=item, by=by, decision=decision, expected_version=item.version)
    ended_at = _time(data.get("ended_at")) or _time(data.get("end_time"))
    if ended_at is not None:
        s.meeting_end(meeting=meeting, by=by, ended_at=ended_at)
    else:
        s.meeting_transition(meeting=meeting, by=by, name="hold")


def _agenda_to_published(*, meeting: Meeting, users: DemoUsers, report: DemoReport) -> Meeting:
    """The chair approves the agenda and the secretariat publishes it; each step only if due."""
    s = meeting_services
    address = meeting.address
    if meeting.agenda_status == Meeting.AgendaStatus.DRAFT:
        meeting = s.agenda_transition(meeting=meeting, by=users.chair, name="approve")
        report.made(f"dagsordenen for {address} godkendt af {CHAIR.username}")
    if meeting.agenda_status == Meeting.AgendaStatus.APPROVED:
        meeting = s.agenda_transition(meeting=meeting, by=users.secretary, name="publish")
        report.made(f"dagsordenen for {address} offentliggjort")
    elif meeting.agenda_status == Meeting.AgendaStatus.PUBLISHED:
        report.had(f"offentliggjort dagsorden for {address}")
    return meeting


def _minutes_to_published(*, meeting: Meeting, users: DemoUsers, report: DemoReport) -> None:
    """The chair approves the minutes and the secretariat publishes them; each step only if due."""
    s = meeting_services
    address = meeting.address
    minutes = minutes_current(meeting=meeting)
    if minutes is None or minutes.status in (Minutes.Status.DRAFT, Minutes.Status.HEARING):
        minutes = s.minutes_approve(meeting=meeting, by=users.chair)
        report.made(f"referatet af {address} godkendt af {CHAIR.username}")
    if minutes.status == Minutes.Status.APPROVED:
        if documents_available():
            s.minutes_publish(meeting=meeting, by=users.secretary)
            report.made(f"referatet af {address} offentliggjort")
        else:
            report.notes.append(
                "Referatet er godkendt, men ikke offentliggjort: modulet "
                "raadsrum.meetings.documents findes ikke endnu. Kør demo igen senere."
            )
    elif minutes.status == Minutes.Status.PUBLISHED:
        report.had(f"offentliggjort referat af {address}")


# --- The current council: template, next meeting, annual plan --------------------------------


def ensure_standing_items(
    *, council: Council, rows: list[dict[str, Any]], by: User, report: DemoReport
) -> None:
    """Set the council's standing items from the file, unless it already has some."""
    label = f"faste punkter for {council.name}"
    if council.standing_items.exists():
        report.had(label)
        return
    items = [
        {
            "section_title": row["section_title"],
            "title": row["title"],
            "kinds": _kinds(row.get("kinds")),
            "summary": row.get("summary", ""),
            "recommendation": row.get("recommendation", ""),
        }
        for row in rows
    ]
    meeting_services.standing_items_set(council=council, by=by, items=items)
    report.made(f"{label} ({len(items)} punkter)")


def first_thursday_after(day: dt.date) -> dt.date:
    """The first Thursday of a month that falls after `day` (3 December 2026 for 23 November)."""
    year, month = day.year, day.month
    while True:
        first = dt.date(year, month, 1)
        thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7)
        if thursday > day:
            return thursday
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def ensure_upcoming_meeting(*, council: Council, on: dt.date, by: User, report: DemoReport) -> None:
    """One planned council meeting after `on`, started from the standing items."""
    upcoming = (
        Meeting.objects.filter(council=council, committee=None, date__gt=on)
        .order_by("date", "sequence")
        .first()
    )
    if upcoming is not None:
        report.upcoming_address = upcoming.address
        report.had(f"kommende møde {upcoming.address}")
        return
    meeting = meeting_services.meeting_create(
        council=council,
        date=first_thursday_after(on),
        by=by,
        start_time=dt.time(10),
        end_time=dt.time(13),
        location="Aalborg",
        from_template=True,
    )
    report.upcoming_address = meeting.address
    report.made(f"kommende møde {meeting.address} med {meeting.items.count()} faste punkter")


def ensure_plan_entries(*, council: Council, by: User, report: DemoReport) -> None:
    added = 0
    for kind, title, starts_on, ends_on, description in PLAN_ENTRIES:
        if AnnualPlanEntry.objects.filter(
            council=council, title=title, starts_on=starts_on
        ).exists():
            continue
        meeting_services.plan_entry_add(
            council=council,
            by=by,
            kind=kind,
            title=title,
            starts_on=starts_on,
            ends_on=ends_on,
            description=description,
        )
        added += 1
    if added:
        report.made(f"{added} punkter i årshjulet for {council.name}")
    else:
        report.had(f"årshjulet for {council.name}")


# --- The closing summary -------------------------------------------------------------------


def meeting_url(address: str) -> str:
    """The meeting's page on the local portal (`…/raad/nordjylland/2020-06-04/`)."""
    council, date_slug = address.split("/", 1)
    try:
        path = reverse("meetings:meeting", kwargs={"council": council, "date_slug": date_slug})
    except NoReverseMatch:
        path = f"/raad/{address}/"
    return SITE_URL.rstrip("/") + path


def summary_text(report: DemoReport) -> str:
    """The Danish text printed at the end of every run."""
    lines = [
        "",
        "Rådsrum-demoen er klar.",
        "",
        f"Åbn {SITE_URL} og log ind med en af demobrugerne:",
        "",
    ]
    width = max(len(login.username) for login in DEMO_LOGINS)
    for login in DEMO_LOGINS:
        password = login.password
        if login.username in report.password_changed:
            password = "(ændret siden demoen oprettede brugeren)"
        lines.append(f"  {login.username:<{width}}  adgangskode: {password}")
        lines.append(f"  {'':<{width}}  {login.role}: {login.can}")
    lines += [
        "",
        f"Demomødet: RAR Nordjyllands møde 4. juni 2020, adresse {DEMO_MEETING_ADDRESS}",
        f"  {meeting_url(DEMO_MEETING_ADDRESS)}",
    ]
    if report.upcoming_address:
        lines.append(f"Kommende møde i det nuværende råd: {report.upcoming_address}")
    lines += [
        "",
        "ADVARSEL: Demoen bruger faste, offentligt kendte adgangskoder. "
        "Brug den aldrig i produktion eller med rigtige data.",
    ]
    return "\n".join(lines)
