"""Positive list: screening 2,000 course proposals against a list of 5,000 courses.

`positivelist_screening_s`: `screening_services.screening_run` on a round with 2,000 submitted
proposals from 20 organisations, against a current list of 5,000 courses from 40 providers:
loading the proposals (organisation, job titles), the list, the round's titles and the length
rule, every rule, and writing the flags of all 2,000 proposals (they are cleared before each
run, outside the timing, so every run writes them all). Median of RUNS; target 1 s.

Floor: the same matching work with nothing around it: the proposals' and the list's raw rows
from two SQL queries, the same normalising, exact course-number look-ups in a dict and the
same RapidFuzz look-ups within each provider (screening's own title index, for the list and
for duplicates), no ORM, no other rules, no reasons, no writes. What separates the two is the
loading through the ORM, the other rules, the reasons and writing the flags.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from decimal import Decimal
from typing import Any

from harness import BenchContext, Result

NAME = "positivelist_screening_s"
LISTED = 5_000
PROPOSALS = 2_000
ORGANISATIONS = 20
PROVIDERS = 40
RUNS = 5
TARGET_S = 1.0

WORDS = (
    "brød",
    "kager",
    "bagning",
    "surdej",
    "konditori",
    "hygiejne",
    "fødevarer",
    "kundeservice",
    "detailhandel",
    "truck",
    "kran",
    "svejsning",
    "lager",
    "logistik",
    "rengøring",
    "pleje",
    "demens",
    "medicin",
    "forflytning",
    "pædagogik",
    "leg",
    "læring",
    "inklusion",
    "ledelse",
    "projektledelse",
    "økonomi",
    "regnskab",
    "excel",
    "kommunikation",
    "service",
    "sikkerhed",
    "førstehjælp",
    "el",
    "vvs",
    "tømrer",
    "murer",
    "beton",
    "maling",
    "robot",
    "cnc",
    "automatik",
    "it-sikkerhed",
    "salg",
    "marketing",
    "turisme",
    "køkken",
    "ernæring",
)
LINKS = ("og", "i", "for", "til", "med")


def _title(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(2, 4))
    link = rng.choice(LINKS)
    title = f"{words[0].capitalize()} {link} {' '.join(words[1:])}"
    return f"{title} {rng.randint(1, 3)}" if rng.random() < 0.2 else title


def _variant(rng: random.Random, title: str) -> str:
    """How an institution might write a listed title again."""
    choice = rng.randrange(3)
    if choice == 0:
        return title.upper()
    if choice == 1:
        return title.replace(" og ", " & ") + "."
    return title[:-1] if len(title) > 12 else title


def _setup(rng: random.Random) -> tuple[Any, Any]:
    from django.contrib.auth.models import User
    from django.db import transaction
    from django.utils import timezone

    from raadsrum.councils.models import Council, Membership, Person, Role
    from raadsrum.positivelist.list_selectors import course_search_text
    from raadsrum.positivelist.models import (
        Consultation,
        ConsultationResponse,
        CourseLengthRule,
        CourseProposal,
        Invitation,
        JobTitle,
        ListedCourse,
        Organisation,
        PositiveList,
        PositiveListVersion,
        Round,
        RoundJobTitle,
    )

    with transaction.atomic():
        council = Council.objects.create(
            slug="bench-screening",
            name="RAR Bench Positivliste",
            name_genitive="RAR Bench Positivlistes",
            kind=Council.Kind.RAR,
            valid_from=dt.date(2015, 1, 1),
        )
        user = User.objects.create_user("bench-screening-sekretaer", password="x")
        Membership.objects.create(
            council=council,
            person=Person.objects.create(name="Bench Sekretær", user=user),
            role=Role.SECRETARIAT,
            valid_from=dt.date(2015, 1, 1),
        )
        titles = JobTitle.objects.bulk_create(
            [JobTitle(title=f"Bench stillingsbetegnelse {n}") for n in range(30)]
        )
        round = Round.objects.create(
            council=council,
            kind=Round.Kind.YEARLY,
            title="Bench-runde",
            valid_from=dt.date(2027, 4, 1),
            status=Round.Status.SCREENING,
        )
        RoundJobTitle.objects.bulk_create(
            [RoundJobTitle(round=round, job_title=t, is_fixed=True) for t in titles[:20]]
        )
        CourseLengthRule.objects.create(
            valid_from=dt.date(2020, 1, 1), max_days=Decimal("10"), max_ects=Decimal("10")
        )

        providers = [f"Bench Udbyder {n} A/S" for n in range(PROVIDERS)]
        version = PositiveListVersion.objects.create(
            positive_list=PositiveList.objects.create(council=council),
            number=1,
            valid_from=dt.date(2026, 4, 1),
        )
        listed = [
            ListedCourse(
                version=version,
                course_number=str(40000 + n) if n % 10 < 7 else "",
                title=_title(rng),
                provider=providers[n % PROVIDERS],
                kind="amu" if n % 10 < 7 else "private",
                duration=Decimal(rng.choice(("0.5", "1", "2", "3", "5"))),
                added_on=dt.date(2026, 4, 1),
            )
            for n in range(LISTED)
        ]
        for course in listed:
            course.search_text = course_search_text(
                course_number=course.course_number,
                title=course.title,
                provider=course.provider,
                job_titles_text="",
            )
        ListedCourse.objects.bulk_create(listed, batch_size=1000)

        consultation = Consultation.objects.create(
            round=round, deadline=timezone.now() - dt.timedelta(days=1)
        )
        responses = []
        for n in range(ORGANISATIONS):
            organisation = Organisation.objects.create(
                council=council,
                name=f"Bench organisation {n}",
                kind=Organisation.Kind.INSTITUTION,
                email=f"org{n}@example.dk",
            )
            invitation = Invitation.objects.create(
                consultation=consultation, organisation=organisation, token_hash=f"bench-{n}"
            )
            responses.append(
                ConsultationResponse.objects.create(
                    invitation=invitation,
                    status=ConsultationResponse.Status.SUBMITTED,
                    submitted_at=timezone.now() - dt.timedelta(hours=ORGANISATIONS - n),
                )
            )

        proposals: list[CourseProposal] = []
        for n in range(PROPOSALS):
            kind_of = n % 10
            if kind_of == 0:  # the same number as a listed course
                source = listed[rng.randrange(LISTED)]
                number, title, provider = source.course_number, source.title, source.provider
            elif kind_of == 1:  # a listed title written again by its provider
                source = listed[rng.randrange(LISTED)]
                number, title, provider = "", _variant(rng, source.title), source.provider
            elif kind_of == 2 and proposals:  # another organisation's proposal again
                earlier = proposals[rng.randrange(len(proposals))]
                number, title, provider = earlier.course_number, earlier.title, earlier.provider
            else:
                number = str(50000 + n) if n % 3 else ""
                title, provider = _title(rng), rng.choice(providers)
            proposals.append(
                CourseProposal(
                    response=responses[n % ORGANISATIONS],
                    position=n,
                    course_number=number,
                    title=title,
                    provider=provider,
                    kind="amu" if number else "private",
                    duration=Decimal(rng.choice(("1", "3", "5", "12"))),
                    other_job_title="Bench anden" if n % 25 == 0 else "",
                )
            )
        CourseProposal.objects.bulk_create(proposals, batch_size=1000)
        through = CourseProposal.job_titles.through
        through.objects.bulk_create(
            [
                through(courseproposal_id=p.pk, jobtitle_id=titles[rng.randrange(30)].pk)
                for p in proposals
            ],
            batch_size=1000,
        )
    return round, user


def _floor(round: Any) -> tuple[float, int]:
    """Raw rows, dict look-ups and the same RapidFuzz look-ups (screening's own title index,
    so the comparisons are identical): the matching work alone."""
    from django.db import connection

    from raadsrum.positivelist.screening import (
        TitleIndex,
        normalise_number,
        normalise_provider,
        normalise_text,
    )

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.id, p.course_number, p.title, p.provider "
            "FROM positivelist_courseproposal p "
            "JOIN positivelist_consultationresponse r ON r.id = p.response_id "
            "JOIN positivelist_invitation i ON i.id = r.invitation_id "
            "JOIN positivelist_consultation c ON c.id = i.consultation_id "
            "WHERE c.round_id = %s AND r.status = 'submitted' "
            "ORDER BY r.submitted_at, r.id, p.position, p.id",
            [round.pk],
        )
        proposals = cursor.fetchall()
        cursor.execute(
            "SELECT course_number, title, provider FROM positivelist_listedcourse "
            "WHERE version_id = (SELECT v.id FROM positivelist_positivelistversion v "
            "JOIN positivelist_positivelist l ON l.id = v.positive_list_id "
            "WHERE l.council_id = %s ORDER BY v.number DESC LIMIT 1)",
            [round.council_id],
        )
        listed = cursor.fetchall()

    numbers = {normalise_number(n) for n, _t, _p in listed if n}
    on_list = TitleIndex()
    for n, (_number, title, provider) in enumerate(listed):
        on_list.add(normalise_provider(provider), normalise_text(title), n)
    seen_numbers: set[str] = set()
    seen = TitleIndex()
    flagged = 0
    for n, (_id, number, title, provider) in enumerate(proposals):
        key, text, num = (
            normalise_provider(provider),
            normalise_text(title),
            normalise_number(number),
        )
        listed_hit = (num and num in numbers) or on_list.best(key, text) is not None
        duplicate = (num and num in seen_numbers) or seen.best(key, text) is not None
        flagged += bool(listed_hit or duplicate)
        if num:
            seen_numbers.add(num)
        seen.add(key, text, n)
    return time.perf_counter() - started, flagged


def run(ctx: BenchContext) -> list[Result]:
    from raadsrum.positivelist.models import CourseProposal
    from raadsrum.positivelist.screening_services import screening_run

    rng = random.Random(11)
    pl_round, user = _setup(rng)
    proposals = CourseProposal.objects.filter(response__invitation__consultation__round=pl_round)

    times = []
    summary = None
    for _ in range(RUNS):
        proposals.update(flags=[])
        started = time.perf_counter()
        summary = screening_run(round=pl_round, by=user)
        times.append(time.perf_counter() - started)
    value = statistics.median(times)
    assert summary is not None and summary.screened == PROPOSALS

    floors = []
    floor_flagged = 0
    for _ in range(RUNS):
        elapsed, floor_flagged = _floor(pl_round)
        floors.append(elapsed)
    floor = statistics.median(floors)

    by_flag = ", ".join(f"{code} {n}" for code, n in summary.by_flag.items())
    note = (
        f"{PROPOSALS} proposals vs {LISTED} listed courses; {summary.flagged} flagged "
        f"({by_flag}); floor: raw SQL rows + the same number look-ups and RapidFuzz "
        f"comparisons, no ORM, no writes ({floor_flagged} listed or duplicate); "
        f"{value / floor:.1f}x the floor"
    )
    print(f"{NAME}: {value:.3f} s (floor {floor:.3f} s); {note}", flush=True)
    return [
        Result(
            name=NAME,
            value=round(value, 3),
            unit="s",
            target=TARGET_S,
            floor=round(floor, 3),
            note=note,
        )
    ]
