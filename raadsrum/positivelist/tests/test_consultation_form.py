"""The consultation form: the rules for a course proposal, drafts (which may hold half-filled
courses) and submission (which needs them complete), optimistic locking, isolation between
organisations, and the page itself (works without JavaScript)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from raadsrum.core.errors import Conflict
from raadsrum.core.models import AuditEntry
from raadsrum.positivelist.consultation_selectors import invitation_for_token
from raadsrum.positivelist.consultation_services import (
    ProposalInput,
    ResponseInvalid,
    proposal_missing,
    response_save,
)
from raadsrum.positivelist.models import (
    ConsultationResponse,
    CourseProposal,
    JobTitle,
    Organisation,
    Round,
)
from raadsrum.positivelist.tests.consultation_support import (
    DEADLINE,
    DEADLINE_TEXT,
    Clock,
    Links,
    academy,
    course,
    open_links,
)


@pytest.fixture
def links(
    fixed_round: Round, organisations: dict[str, Organisation], job_titles: dict[str, JobTitle]
) -> Links:
    return open_links(fixed_round, organisations, job_titles)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch, DEADLINE - dt.timedelta(days=3))


def save(
    links: Links,
    *proposals: ProposalInput,
    who: str = "EUC Nord",
    contact: str = "Eva Underviser",
    version: int = 0,
    submit: bool = False,
) -> ConsultationResponse:
    return response_save(
        invitation=links.invitation(who),
        contact_name=contact,
        proposals=list(proposals),
        expected_version=version,
        submit=submit,
    )


def errors_of(
    links: Links, proposal: ProposalInput, *, submit: bool = True
) -> dict[str, list[str]]:
    """The field errors of one proposal submitted (or saved as a draft) alone, asserting it
    was refused."""
    with pytest.raises(ResponseInvalid) as refused:
        save(links, proposal, submit=submit)
    assert not CourseProposal.objects.exists()
    return refused.value.proposal_errors[0]


# --- The rules for one course (a submitted course is complete) -------------------------------


def test_a_valid_amu_course_is_saved_with_its_job_titles(links: Links, clock: Clock) -> None:
    response = save(links, course(links.titles, course_number=" 40 123 "))
    proposal = response.proposals.get()
    assert proposal.course_number == "40123"
    assert proposal.duration == Decimal("0.5")
    assert [t.title for t in proposal.job_titles.all()] == ["Bager"]


@pytest.mark.parametrize("number", ["4012", "401234", "40a23", "AMU-40123"])
def test_an_amu_number_is_exactly_five_digits(links: Links, clock: Clock, number: str) -> None:
    errors = errors_of(links, course(links.titles, course_number=number))
    assert list(errors) == ["course_number"]
    assert "fem cifre" in errors["course_number"][0]


def test_an_amu_course_needs_its_number(links: Links, clock: Clock) -> None:
    assert list(errors_of(links, course(links.titles, course_number=""))) == ["course_number"]


def test_other_kinds_of_course_need_no_number(links: Links, clock: Clock) -> None:
    response = save(
        links,
        course(links.titles, kind="private", course_number=""),
        course(links.titles, kind="other", course_number="K-17"),
    )
    assert response.proposals.count() == 2


def test_title_and_provider_are_required(links: Links, clock: Clock) -> None:
    errors = errors_of(links, course(links.titles, title="  ", provider=""))
    assert set(errors) == {"title", "provider"}


@pytest.mark.parametrize("kind", ["", "webinar"])
def test_the_kind_must_be_one_of_the_four(links: Links, clock: Clock, kind: str) -> None:
    errors = errors_of(links, course(links.titles, kind=kind, course_number=""))
    assert list(errors) == ["kind"]


def test_an_academy_module_is_measured_in_ects(links: Links, clock: Clock) -> None:
    errors = errors_of(links, academy(links.titles, duration_unit="days"))
    assert errors == {"duration_unit": ["Et akademimodul måles i ECTS-point."]}
    assert save(links, academy(links.titles)).proposals.get().duration_unit == "ects"


def test_an_amu_course_is_measured_in_days(links: Links, clock: Clock) -> None:
    errors = errors_of(links, course(links.titles, duration_unit="ects"))
    assert list(errors) == ["duration_unit"]


@pytest.mark.parametrize(
    ("duration", "unit", "message"),
    [
        ("", "days", "Skriv kursets varighed"),
        (None, "days", "Skriv kursets varighed"),
        ("en halv", "days", "Skriv varigheden som et tal"),
        ("0", "days", "større end 0"),
        ("-1", "days", "større end 0"),
        ("1,25", "ects", "højst have én decimal"),
        ("1,3", "days", "hele eller halve dage"),
        ("100000", "days", "for stor"),
    ],
)
def test_the_duration_is_a_positive_number_with_one_decimal_and_half_days(
    links: Links, clock: Clock, duration: Any, unit: str, message: str
) -> None:
    proposal = course(links.titles, kind="private", duration=duration, duration_unit=unit)
    errors = errors_of(links, proposal)
    assert list(errors) == ["duration"]
    assert message in errors["duration"][0]


@pytest.mark.parametrize(("duration", "stored"), [("0,5", "0.5"), ("3", "3"), (2.5, "2.5")])
def test_durations_in_days_come_in_halves(
    links: Links, clock: Clock, duration: Any, stored: str
) -> None:
    response = save(links, course(links.titles, duration=duration))
    assert response.proposals.get().duration == Decimal(stored)


def test_ects_may_have_one_decimal(links: Links, clock: Clock) -> None:
    response = save(links, academy(links.titles, duration="7,5"))
    assert response.proposals.get().duration == Decimal("7.5")


def test_only_the_rounds_fixed_job_titles_may_be_chosen(links: Links, clock: Clock) -> None:
    proposed_not_fixed = links.titles["Kontorassistent"]
    not_in_round = links.titles["Lagerarbejder"]
    for title in (proposed_not_fixed, not_in_round):
        errors = errors_of(links, course(links.titles, job_title_ids=[title.pk]))
        assert errors == {"job_title_ids": ["Vælg kun blandt høringens stillingsbetegnelser."]}


def test_a_course_targets_at_least_one_job_title(links: Links, clock: Clock) -> None:
    errors = errors_of(links, course(links.titles, job_title_ids=[]))
    assert list(errors) == ["job_title_ids"]


def test_another_job_title_needs_a_reason(links: Links, clock: Clock) -> None:
    errors = errors_of(links, course(links.titles, job_title_ids=[], other_job_title="Konditor"))
    assert list(errors) == ["other_reason"]


def test_a_reason_needs_the_other_job_title(links: Links, clock: Clock) -> None:
    errors = errors_of(links, course(links.titles, other_reason="Mangel på konditorer"))
    assert list(errors) == ["other_job_title"]


def test_another_job_title_with_a_reason_is_accepted(links: Links, clock: Clock) -> None:
    response = save(
        links,
        course(
            links.titles,
            job_title_ids=[],
            other_job_title="Konditor",
            other_reason="Bagerier mangler konditorer.",
        ),
    )
    proposal = response.proposals.get()
    assert (proposal.other_job_title, proposal.job_titles.count()) == ("Konditor", 0)


def test_errors_say_which_course_and_field_and_nothing_is_saved(links: Links, clock: Clock) -> None:
    first = save(links, course(links.titles))
    with pytest.raises(ResponseInvalid) as refused:
        save(
            links,
            course(links.titles),
            course(links.titles, title=""),
            course(links.titles, duration="en halv"),
            version=first.version,
            submit=True,
        )
    assert {i: list(e) for i, e in refused.value.proposal_errors.items()} == {
        1: ["title"],
        2: ["duration"],
    }
    assert "2 fejl" in refused.value.message
    assert CourseProposal.objects.count() == 1
    assert ConsultationResponse.objects.get().version == first.version


# --- Half-filled courses in a draft --------------------------------------------------------------


def test_a_draft_keeps_a_course_that_has_only_a_title(links: Links, clock: Clock) -> None:
    draft = save(links, ProposalInput(title="Surdej i håndværksbageriet"), contact="")
    proposal = draft.proposals.get()
    assert draft.status == "draft"
    assert proposal.title == "Surdej i håndværksbageriet"
    assert (proposal.provider, proposal.kind, proposal.duration) == ("", "", None)
    assert proposal.job_titles.count() == 0


def test_a_draft_keeps_a_course_that_has_no_title_yet(links: Links, clock: Clock) -> None:
    draft = save(links, course(links.titles, title="", provider="", duration=""))
    assert draft.proposals.get().course_number == "40123"


def test_what_a_half_filled_course_lacks_is_named_in_the_forms_order(
    links: Links, clock: Clock
) -> None:
    assert proposal_missing(ProposalInput(title="Surdej")) == [
        "type",
        "udbyder",
        "varighed",
        "stillingsbetegnelse",
    ]
    amu_without_number = course(links.titles, course_number="", provider="")
    assert proposal_missing(amu_without_number) == ["AMU-nummer", "udbyder"]
    other_without_reason = course(links.titles, job_title_ids=[], other_job_title="Konditor")
    assert proposal_missing(other_without_reason) == ["begrundelse for anden stillingsbetegnelse"]
    assert proposal_missing(course(links.titles)) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"course_number": "4012"}, "course_number"),
        ({"duration": "en halv"}, "duration"),
        ({"duration": "-1"}, "duration"),
        ({"duration": "1,25", "kind": "private"}, "duration"),
        ({"kind": "webinar", "course_number": ""}, "kind"),
        ({"duration_unit": "ects"}, "duration_unit"),
        ({"title": "x" * 301}, "title"),
    ],
)
def test_a_wrong_value_refuses_even_a_draft(
    links: Links, clock: Clock, changes: dict[str, Any], field: str
) -> None:
    # Half-filled (no provider, no job title) and one value wrong: only the wrong one is named.
    proposal = course(links.titles, provider="", job_title_ids=[], **changes)
    assert list(errors_of(links, proposal, submit=False)) == [field]


def test_a_job_title_outside_the_round_refuses_even_a_draft(links: Links, clock: Clock) -> None:
    proposal = ProposalInput(
        title="Kontorkursus", job_title_ids=[links.titles["Kontorassistent"].pk]
    )
    assert list(errors_of(links, proposal, submit=False)) == ["job_title_ids"]


def test_in_a_draft_only_the_wrong_values_are_errors_and_nothing_is_saved(
    links: Links, clock: Clock
) -> None:
    first = save(links, course(links.titles))
    with pytest.raises(ResponseInvalid) as refused:
        save(
            links,
            course(links.titles),
            course(links.titles, title=""),
            course(links.titles, duration="en halv", provider=""),
            version=first.version,
        )
    assert {i: list(e) for i, e in refused.value.proposal_errors.items()} == {2: ["duration"]}
    assert CourseProposal.objects.count() == 1
    assert ConsultationResponse.objects.get().version == first.version


def test_submitting_a_half_filled_draft_names_what_is_missing_and_keeps_the_draft(
    links: Links, clock: Clock
) -> None:
    draft = save(links, course(links.titles), ProposalInput(title="Surdej"), contact="")
    with pytest.raises(ResponseInvalid) as refused:
        save(
            links,
            course(links.titles),
            ProposalInput(title="Surdej"),
            contact="",
            version=draft.version,
            submit=True,
        )
    assert set(refused.value.response_errors) == {"contact_name"}
    assert list(refused.value.proposal_errors) == [1]
    assert list(refused.value.proposal_errors[1]) == [
        "provider",
        "kind",
        "duration",
        "job_title_ids",
    ]
    draft.refresh_from_db()
    assert (draft.status, draft.version, draft.proposals.count()) == ("draft", 1, 2)


def test_a_submitted_answer_stays_complete_when_changed_without_submit(
    links: Links, clock: Clock
) -> None:
    submitted = save(links, course(links.titles), submit=True)
    with pytest.raises(ResponseInvalid) as refused:
        save(links, ProposalInput(title="Surdej"), version=submitted.version, submit=False)
    assert "provider" in refused.value.proposal_errors[0]
    with pytest.raises(ResponseInvalid):
        save(links, course(links.titles), contact="", version=submitted.version, submit=False)
    assert CourseProposal.objects.get().provider == "AMU Nord"


def test_a_draft_save_is_audited_with_how_many_courses_are_incomplete(
    links: Links, clock: Clock
) -> None:
    save(links, course(links.titles), ProposalInput(title="Surdej"))
    entry = AuditEntry.objects.get(action="consultation_response.save")
    assert (entry.details["proposals"], entry.details["incomplete"]) == (2, 1)


# --- Drafts, submission and versions ------------------------------------------------------------


def test_a_draft_is_kept_as_a_draft(links: Links, clock: Clock) -> None:
    response = save(links, course(links.titles), contact="")
    assert response.status == "draft" and response.submitted_at is None
    again = invitation_for_token(links.tokens["EUC Nord"])
    assert again.response.proposals.get().title == "Hygiejne for bagere"


def test_an_empty_draft_may_be_saved_but_not_submitted(links: Links, clock: Clock) -> None:
    draft = save(links)
    assert draft.proposals.count() == 0
    with pytest.raises(ResponseInvalid) as refused:
        save(links, contact="", version=draft.version, submit=True)
    assert set(refused.value.response_errors) == {"contact_name", "proposals"}


def test_submitting_records_when(links: Links, clock: Clock) -> None:
    response = save(links, course(links.titles), submit=True)
    assert response.status == "submitted"
    assert response.submitted_at == clock.now


def test_a_submitted_answer_can_be_changed_and_resubmitted_until_the_deadline(
    links: Links, clock: Clock
) -> None:
    first = save(links, course(links.titles), submit=True)
    clock.now += dt.timedelta(days=1)
    second = save(
        links, course(links.titles), academy(links.titles), version=first.version, submit=True
    )
    assert second.pk == first.pk and second.proposals.count() == 2
    assert second.submitted_at == clock.now
    # A save without "submit" does not withdraw the answer the secretariat has received.
    third = save(links, academy(links.titles), version=second.version, submit=False)
    assert third.status == "submitted" and third.proposals.count() == 1


def test_a_double_submission_is_harmless(links: Links, clock: Clock) -> None:
    draft = save(links, course(links.titles))
    first = save(links, course(links.titles), version=draft.version, submit=True)
    again = save(links, course(links.titles), version=draft.version, submit=True)  # same page
    assert again.pk == first.pk and again.version == first.version
    assert CourseProposal.objects.count() == 1
    assert AuditEntry.objects.filter(action="consultation_response.submit").count() == 1


def test_a_save_from_an_older_page_is_a_conflict(links: Links, clock: Clock) -> None:
    loaded = save(links, course(links.titles))
    save(links, course(links.titles, title="Fra fane 1"), version=loaded.version)
    with pytest.raises(Conflict, match="anden fane"):
        save(links, course(links.titles, title="Fra fane 2"), version=loaded.version)
    assert CourseProposal.objects.get().title == "Fra fane 1"


def test_two_tabs_starting_the_first_draft_conflict(links: Links, clock: Clock) -> None:
    save(links, course(links.titles, title="Fra fane 1"), version=0)
    with pytest.raises(Conflict):
        save(links, course(links.titles, title="Fra fane 2"), version=0)


def test_saves_are_audited_for_the_organisation_without_a_user_or_the_token(
    links: Links, clock: Clock
) -> None:
    draft = save(links, course(links.titles))
    save(links, course(links.titles), version=draft.version, submit=True)
    entries = AuditEntry.objects.filter(action__startswith="consultation_response.")
    assert [e.action for e in entries.order_by("pk")] == [
        "consultation_response.save",
        "consultation_response.submit",
    ]
    assert all(e.actor is None and e.details["organisation"] == "EUC Nord" for e in entries)
    token = links.tokens["EUC Nord"]
    assert not any(token in str(e.details) or token in e.target_repr for e in entries)


# --- Isolation ---------------------------------------------------------------------------------


def test_one_organisations_save_never_touches_anothers_answer(links: Links, clock: Clock) -> None:
    theirs = save(links, course(links.titles, title="Jobcentrets kursus"), who="Jobcenter Aalborg")
    mine = save(links, course(links.titles, title="Skolens kursus"), who="EUC Nord")
    assert mine.pk != theirs.pk
    save(links, version=mine.version, who="EUC Nord")  # EUC Nord empties its own answer
    assert list(CourseProposal.objects.values_list("title", flat=True)) == ["Jobcentrets kursus"]


# --- The page -----------------------------------------------------------------------------------


def form_url(links: Links, who: str = "EUC Nord") -> str:
    return reverse("positivelist:consultation_form", kwargs={"token": links.tokens[who]})


def post_data(
    *courses: dict[str, Any], action: str = "draft", version: int = 0, initial: int = 0
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "expected_version": str(version),
        "contact_name": "Eva Underviser",
        "action": action,
        "kursus-TOTAL_FORMS": str(len(courses)),
        "kursus-INITIAL_FORMS": str(initial),
    }
    for index, values in enumerate(courses):
        for name, value in values.items():
            data[f"kursus-{index}-{name}"] = value
    return data


def baker_course(links: Links, **changes: Any) -> dict[str, Any]:
    values = {
        "title": "Hygiejne for bagere",
        "kind": "amu",
        "course_number": "40123",
        "provider": "AMU Nord",
        "duration": "0,5",
        "duration_unit": "days",
        "job_title_ids": [str(links.titles["Bager"].pk)],
    }
    values.update(changes)
    return values


def test_the_page_shows_the_deadline_job_titles_and_only_the_own_organisation(
    client: Client, links: Links, clock: Clock
) -> None:
    save(links, course(links.titles, title="Jobcentrets hemmelige kursus"), who="Jobcenter Aalborg")
    html = client.get(form_url(links)).content.decode()
    assert "EUC Nord" in html and DEADLINE_TEXT in html
    for title in ("Bager", "Sygeplejerske", "Tømrer"):
        assert title in html
    assert "Kontorassistent" not in html  # proposed, not fixed
    assert "Jobcenter Aalborg" not in html and "hemmelige" not in html


def test_the_form_saves_a_draft_without_javascript(
    client: Client, links: Links, clock: Clock
) -> None:
    page = client.post(form_url(links), post_data(baker_course(links)))
    assert page.status_code == 302 and page["Location"] == form_url(links)
    response = ConsultationResponse.objects.get()
    assert response.status == "draft" and response.contact_name == "Eva Underviser"
    html = client.get(form_url(links)).content.decode()
    assert "Kladden er gemt" in html and 'value="Hygiejne for bagere"' in html


def test_add_another_course_saves_the_draft_and_shows_an_empty_course(
    client: Client, links: Links, clock: Clock
) -> None:
    page = client.post(form_url(links), post_data(baker_course(links), action="add"))
    assert page.status_code == 302
    assert CourseProposal.objects.count() == 1
    html = client.get(page["Location"]).content.decode()
    assert 'name="kursus-TOTAL_FORMS" value="2"' in html
    assert 'id="kursus-1"' in html


def test_an_empty_extra_course_is_ignored(client: Client, links: Links, clock: Clock) -> None:
    empty = {"duration_unit": "days"}
    client.post(form_url(links), post_data(baker_course(links), empty))
    assert CourseProposal.objects.count() == 1


def test_errors_are_listed_at_the_top_and_beside_their_fields(
    client: Client, links: Links, clock: Clock
) -> None:
    page = client.post(
        form_url(links), post_data(baker_course(links), baker_course(links, course_number="4012"))
    )
    assert page.status_code == 422
    html = page.content.decode()
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 2)[0]
    assert 'href="#id_kursus-1-course_number"' in summary and "Kursus 2" in summary
    field = re.search(r'<input[^>]*id="id_kursus-1-course_number"[^>]*>', html)
    assert field is not None
    assert 'aria-invalid="true"' in field.group(0)
    assert "id_kursus-1-course_number_error" in field.group(0)
    assert 'id="id_kursus-1-course_number_error"' in html
    assert 'value="4012"' in html  # what was typed is kept
    assert not ConsultationResponse.objects.exists()


def test_job_title_errors_point_to_the_checkbox_group(
    client: Client, links: Links, clock: Clock
) -> None:
    page = client.post(
        form_url(links), post_data(baker_course(links, job_title_ids=[]), action="submit")
    )
    html = page.content.decode()
    assert 'href="#id_kursus-0-job_title_ids_0"' in html
    assert 'aria-describedby="id_kursus-0-job_title_ids_error"' in html


def test_submitting_shows_a_receipt_listing_the_courses(
    client: Client, links: Links, clock: Clock
) -> None:
    page = client.post(
        form_url(links),
        post_data(baker_course(links), baker_course(links, title="Surdej"), action="submit"),
    )
    receipt_url = reverse(
        "positivelist:consultation_receipt", kwargs={"token": links.tokens["EUC Nord"]}
    )
    assert page["Location"] == receipt_url
    html = client.get(receipt_url).content.decode()
    assert "Tak for jeres svar" in html and "Hygiejne for bagere" in html and "Surdej" in html
    assert ConsultationResponse.objects.get().status == "submitted"


def test_the_receipt_of_an_unsubmitted_answer_leads_back_to_the_form(
    client: Client, links: Links, clock: Clock
) -> None:
    url = reverse("positivelist:consultation_receipt", kwargs={"token": links.tokens["EUC Nord"]})
    assert client.get(url)["Location"] == form_url(links)


def test_a_course_can_be_removed(client: Client, links: Links, clock: Clock) -> None:
    response = save(links, course(links.titles), course(links.titles, title="Surdej"))
    data = post_data(
        baker_course(links),
        baker_course(links, title="Surdej", DELETE="on"),
        version=response.version,
        initial=2,
    )
    client.post(form_url(links), data)
    assert list(CourseProposal.objects.values_list("title", flat=True)) == ["Hygiejne for bagere"]


def test_a_second_tab_is_told_of_the_conflict_and_saves_nothing(
    client: Client, links: Links, clock: Clock
) -> None:
    client.post(form_url(links), post_data(baker_course(links, title="Fane 1")))
    page = client.post(form_url(links), post_data(baker_course(links, title="Fane 2")))
    assert page.status_code == 409
    assert "anden fane" in page.content.decode()
    assert CourseProposal.objects.get().title == "Fane 1"


def test_a_link_cannot_be_used_to_change_another_organisations_answer(
    client: Client, links: Links, clock: Clock
) -> None:
    theirs = save(links, course(links.titles, title="Jobcentrets kursus"), who="Jobcenter Aalborg")
    # EUC Nord posts with the other answer's version and proposal count: it only reaches its own.
    client.post(
        form_url(links),
        post_data(baker_course(links, title="Skolens kursus"), version=theirs.version),
    )
    theirs.refresh_from_db()
    assert list(theirs.proposals.values_list("title", flat=True)) == ["Jobcentrets kursus"]
    assert not ConsultationResponse.objects.filter(
        invitation=links.invitations["EUC Nord"], proposals__title="Jobcentrets kursus"
    ).exists()


def course_section(html: str, index: int) -> str:
    return html.split(f'id="kursus-{index}"', 1)[1].split("</fieldset>", 1)[0]


def test_a_half_filled_course_is_saved_as_a_draft_and_marked_with_what_it_lacks(
    client: Client, links: Links, clock: Clock
) -> None:
    half = {"title": "Surdej", "duration_unit": "days"}
    page = client.post(form_url(links), post_data(baker_course(links), half))
    assert page.status_code == 302
    assert list(CourseProposal.objects.values_list("title", "provider")) == [
        ("Hygiejne for bagere", "AMU Nord"),
        ("Surdej", ""),
    ]
    html = client.get(form_url(links)).content.decode()
    assert "1 kursus mangler noget, før svaret kan indsendes" in html
    assert "Mangler:" not in course_section(html, 0)
    assert (
        "<strong>Mangler:</strong> type, udbyder, varighed, stillingsbetegnelse"
        in course_section(html, 1)
    )
    left = html.split('id="left-to-do"', 1)[1].split("</ul>", 1)[0]
    assert '<a href="#kursus-1">Kursus 2: Surdej</a>: type, udbyder, varighed' in left
    assert "Kursus 1" not in left and "Kontaktperson" not in left


def test_another_course_can_be_added_while_one_is_half_filled(
    client: Client, links: Links, clock: Clock
) -> None:
    page = client.post(form_url(links), post_data({"title": "Surdej"}, action="add"))
    assert page.status_code == 302
    html = client.get(page["Location"]).content.decode()
    assert 'name="kursus-TOTAL_FORMS" value="2"' in html
    assert "Mangler:" in course_section(html, 0) and "Mangler:" not in course_section(html, 1)


def test_submitting_a_half_filled_answer_lists_what_is_missing_per_course(
    client: Client, links: Links, clock: Clock
) -> None:
    draft = save(links, course(links.titles), ProposalInput(title="Surdej"))
    page = client.post(
        form_url(links),
        post_data(
            baker_course(links),
            {"title": "Surdej", "duration_unit": "days"},
            action="submit",
            version=draft.version,
            initial=2,
        ),
    )
    assert page.status_code == 422
    html = page.content.decode()
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 2)[0]
    assert "Svaret er ikke indsendt" in summary
    for label in ("Type", "Udbyder", "Varighed", "Stillingsbetegnelser"):
        assert f"Kursus 2, {label}" in summary
    assert "Kursus 1," not in summary
    assert "Gem kladde" in summary  # how to keep the work without submitting
    assert 'id="id_kursus-1-provider_error"' in html
    response = ConsultationResponse.objects.get()
    assert (response.status, response.version) == ("draft", draft.version)


def test_a_wrong_value_blocks_the_draft_with_the_error_beside_the_field(
    client: Client, links: Links, clock: Clock
) -> None:
    page = client.post(
        form_url(links), post_data({"title": "Surdej", "duration": "en halv"}, action="draft")
    )
    assert page.status_code == 422
    html = page.content.decode()
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 2)[0]
    assert "Svaret er ikke gemt" in summary
    assert 'href="#id_kursus-0-duration"' in summary
    assert "Udbyder" not in summary  # a missing value is no error in a draft
    field = re.search(r'<input[^>]*id="id_kursus-0-duration"[^>]*>', html)
    assert field is not None and 'aria-invalid="true"' in field.group(0)
    assert 'id="id_kursus-0-duration_error"' in html and "en halv" in html
    assert 'value="Surdej"' in html  # what was typed is kept
    assert not ConsultationResponse.objects.exists()


def test_a_complete_answer_is_submitted_as_before_and_shows_nothing_missing(
    client: Client, links: Links, clock: Clock
) -> None:
    draft = save(links, course(links.titles))
    html = client.get(form_url(links)).content.decode()
    assert "Mangler:" not in html and 'id="left-to-do"' not in html
    page = client.post(
        form_url(links),
        post_data(baker_course(links), action="submit", version=draft.version, initial=1),
    )
    assert page.status_code == 302
    assert ConsultationResponse.objects.get().status == "submitted"


def test_a_draft_without_a_contact_person_says_so(
    client: Client, links: Links, clock: Clock
) -> None:
    save(links, course(links.titles), contact="")
    html = client.get(form_url(links)).content.decode()
    left = html.split('id="left-to-do"', 1)[1].split("</ul>", 1)[0]
    assert '<a href="#id_contact_name">Kontaktperson</a>' in left
