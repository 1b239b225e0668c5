"""The case pages: who gets in (every URL of the "cases" namespace against every role), what
is audited, and what the intake, imports, handling and hearing pages do.

The permission tests walk the URL patterns, so a page added without `case_view` fails here.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from pypdf import PdfReader

from raadsrum.cases import services
from raadsrum.cases.models import (
    Case,
    CaseKind,
    CaseStatus,
    DecidedBy,
    HearingAnswer,
    KLVReport,
    WorkSharingCase,
)
from raadsrum.cases.selectors import case_audit_trail
from raadsrum.cases.tests.conftest import CVR_A, CVR_B, Cast, details_for, make_case
from raadsrum.core.models import AuditEntry

CPR = "Medarbejder 010203-1234"
CPR_MESSAGE = "Teksten ser ud til at indeholde et CPR-nummer"


def case_urls() -> Iterator[tuple[str, Any, tuple[str, ...]]]:
    """(name, view, parameter names) of every pattern in the "cases" namespace."""
    _, resolver = get_resolver().namespace_dict["cases"]

    def walk(patterns: list[Any], params: tuple[str, ...]) -> Iterator[Any]:
        for pattern in patterns:
            names = params + tuple(pattern.pattern.converters)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, names)
            else:
                assert isinstance(pattern, URLPattern)
                yield pattern.name, pattern.callback, names

    yield from walk(resolver.url_patterns, ())


CASE_URLS = list(case_urls())


@pytest.fixture
def world(cast: Cast, work_sharing: Case) -> dict[str, Any]:
    """A case with a document, in a written hearing: something for every case URL."""
    document = services.case_document_add(
        case=work_sharing,
        by=cast.sara,
        title="Ansøgning",
        upload=SimpleUploadedFile("ansoegning.pdf", b"%PDF-1.4\n"),
    )
    services.case_start(case=work_sharing, by=cast.sara)
    services.case_send_to_hearing(
        case=work_sharing, by=cast.sara, deadline=timezone.now() + dt.timedelta(days=3)
    )
    return {
        "case_id": work_sharing.pk,
        "document": document.pk,
        "kind": "arbejdsfordeling",
        "council": cast.council.slug,
        "year": 2026,
        "quarter": 1,
    }


def url_for(name: str, params: tuple[str, ...], kwargs: dict[str, Any]) -> str:
    missing = set(params) - set(kwargs)
    assert not missing, f"cases:{name} takes {missing}: add an object for it to `world`"
    return reverse(f"cases:{name}", kwargs={p: kwargs[p] for p in params})


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def requests(world: dict[str, Any]) -> Iterator[tuple[str, str, str, str]]:
    """(name, access kind, method, url) for every case URL and every method it answers."""
    for name, view, params in CASE_URLS:
        assert hasattr(view, "case_access"), (
            f"cases:{name} is not wrapped in case_view, so nothing checks who may use it"
        )
        for method in view.case_methods:
            yield name, view.case_access, method, url_for(name, params, world)


def call(client: Client, method: str, url: str) -> Any:
    return client.get(url) if method == "GET" else client.post(url, {})


def test_the_cases_namespace_is_walked() -> None:
    names = {name for name, _, _ in CASE_URLS}
    assert {
        "list",
        "detail",
        "create",
        "import_worksharing",
        "import_klv",
        "hearing",
        "hearing_answer",
        "letter",
        "quarter",
        "bulk_decide",
        "decide",
    } <= names


def test_anonymous_visitors_are_sent_to_the_login_page_everywhere(world: dict[str, Any]) -> None:
    client = client_for(None)
    for name, _, method, url in requests(world):
        response = call(client, method, url)
        assert response.status_code == 302, f"{method} cases:{name}"
        assert response["Location"].startswith(reverse("login")), f"{method} cases:{name}"


@pytest.mark.parametrize("who", ["otto", "mette"])
def test_outsiders_and_council_members_off_the_committee_are_refused_everywhere(
    world: dict[str, Any], cast: Cast, who: str
) -> None:
    client = client_for(getattr(cast, who))
    for name, _, method, url in requests(world):
        response = call(client, method, url)
        assert response.status_code == 403, f"{who}: {method} cases:{name}"
        assert "Skagen" not in response.content.decode()


def test_another_councils_secretariat_gets_its_own_pages_but_not_this_councils_cases(
    world: dict[str, Any], cast: Cast
) -> None:
    client = client_for(cast.sven)
    reference = Case.objects.get(pk=world["case_id"]).reference
    for name, _, method, url in requests(world):
        response = call(client, method, url)
        about_testland = "case_id" in url_params(name) or "council" in url_params(name)
        if about_testland:
            assert response.status_code == 403, f"sven: {method} cases:{name}"
        else:
            assert response.status_code != 403, f"sven: {method} cases:{name}"
        assert reference not in response.content.decode(), f"sven: {method} cases:{name}"
        assert "Skagen" not in response.content.decode(), f"sven: {method} cases:{name}"


def url_params(name: str) -> tuple[str, ...]:
    return next(params for n, _, params in CASE_URLS if n == name)


def test_committee_members_read_everything_and_answer_but_do_not_handle(
    world: dict[str, Any], cast: Cast
) -> None:
    client = client_for(cast.kurt)
    for name, kind, method, url in requests(world):
        response = call(client, method, url)
        if kind == "handle":
            assert response.status_code == 403, f"{method} cases:{name}"
        elif method == "GET" and name == "letter":
            assert response.status_code == 302, "no letter before the decision"
        elif method == "GET":
            assert response.status_code == 200, f"{method} cases:{name}"
        else:
            assert response.status_code not in {401, 403}, f"{method} cases:{name}"


def test_the_secretariat_gets_every_page_and_may_post_everything_but_hearing_answers(
    world: dict[str, Any], cast: Cast
) -> None:
    client = client_for(cast.sara)
    for name, kind, method, url in requests(world):
        response = call(client, method, url)
        if kind == "answer":
            assert response.status_code == 403, "only committee members answer a hearing"
        elif method == "GET" and name == "letter":
            assert response.status_code == 302, "no letter before the decision"
        elif method == "GET":
            assert response.status_code == 200, f"{method} cases:{name}"
        else:
            assert response.status_code != 403, f"{method} cases:{name}"
            assert not response.get("Location", "").startswith(reverse("login"))


def test_posting_empty_forms_changes_no_case(world: dict[str, Any], cast: Cast) -> None:
    """The permission walk posts empty forms; none of them may move a case on."""
    client = client_for(cast.sara)
    for _name, _, method, url in requests(world):
        if method == "POST":
            call(client, method, url)
    case = Case.objects.get(pk=world["case_id"])
    assert case.status == CaseStatus.HEARING
    assert Case.objects.count() == 1


# --- Audit ---------------------------------------------------------------------------------------


def test_viewing_a_case_page_is_recorded_with_who_and_which_case(
    cast: Cast, work_sharing: Case
) -> None:
    before = case_audit_trail(case=work_sharing).filter(action="case.view").count()
    client_for(cast.kurt).get(reverse("cases:detail", args=[work_sharing.pk]))
    views = case_audit_trail(case=work_sharing).filter(action="case.view")
    assert views.count() == before + 1
    last = views.last()
    assert last is not None and last.actor == cast.kurt


def test_a_refused_case_page_is_recorded_too(cast: Cast, work_sharing: Case) -> None:
    response = client_for(cast.mette).get(reverse("cases:detail", args=[work_sharing.pk]))
    assert response.status_code == 403
    entry = case_audit_trail(case=work_sharing).last()
    assert entry is not None
    assert (entry.action, entry.actor) == ("case.view_denied", cast.mette)


def test_the_list_page_is_recorded_with_its_filters(cast: Cast, work_sharing: Case) -> None:
    client_for(cast.sara).get(
        reverse("cases:list"), {"type": "arbejdsfordeling", "status": "received"}
    )
    entry = AuditEntry.objects.filter(action="case.list", actor=cast.sara).last()
    assert entry is not None
    assert entry.details["kind"] == "work_sharing"
    assert entry.details["status"] == "received"


# --- The list ------------------------------------------------------------------------------------


def test_the_list_filters_by_type_and_status(cast: Cast) -> None:
    sharing = make_case(cast, CaseKind.WORK_SHARING)
    notice = make_case(cast, CaseKind.LAYOFF_NOTICE)
    page = client_for(cast.sara).get(reverse("cases:list"), {"type": "varsling"})
    body = page.content.decode()
    assert notice.reference in body and sharing.reference not in body
    page = client_for(cast.sara).get(reverse("cases:list"), {"status": "decided"})
    assert "Ingen sager passer til søgningen." in page.content.decode()


def test_the_overview_counts_open_cases_by_type_and_status_and_the_surge(cast: Cast) -> None:
    today = timezone.localdate()
    services.case_create(
        council=cast.council,
        kind=CaseKind.WORK_SHARING,
        by=cast.sara,
        received_on=today,
        deadline=today,
        **details_for(CaseKind.WORK_SHARING, cast),
    )
    body = client_for(cast.kurt).get(reverse("cases:list")).content.decode()
    assert "Åbne sager efter type og status" in body
    assert "Modtagne sager pr. uge, de seneste 12 uger" in body
    assert "Frister senest i denne uge" in body
    assert "Ingen åbne sager har frist i denne uge." not in body
    surge = body[body.index('id="surge"') :]
    this_week = surge[: surge.index("</tbody>")].rsplit("<tr>", 1)[1]
    assert '<td class="num">1</td>' in this_week


def test_the_list_is_paginated(cast: Cast) -> None:
    rows = [_row(n) for n in range(55)]
    services.worksharing_batch_import(council=cast.council, rows=rows, by=cast.sara)
    client = client_for(cast.sara)
    first = client.get(reverse("cases:list"), {"type": "arbejdsfordeling"}).content.decode()
    assert "Side 1 af 2" in first
    second = client.get(reverse("cases:list"), {"type": "arbejdsfordeling", "side": "2"})
    assert second.content.decode().count('name="case"') == 5


def test_each_row_shows_its_link_type_status_dates_assignee_and_principle_mark(
    cast: Cast,
) -> None:
    marked = make_case(cast, CaseKind.WORK_SHARING, deadline=dt.date(2026, 3, 20))
    services.case_update(case=marked, by=cast.sara, is_question_of_principle=True)
    services.case_assign(case=marked, by=cast.sara, assignee=cast.sara)
    plain = make_case(cast, CaseKind.LAYOFF_NOTICE)
    body = client_for(cast.sara).get(reverse("cases:list"), {"status": "received"})
    rows = _table_rows(body.content.decode())
    first = rows[marked.reference]
    assert f'<a href="{reverse("cases:detail", args=[marked.pk])}">{marked.reference}</a>' in first
    assert '<span class="badge badge-warning">Principiel</span>' in first
    assert "<td>Arbejdsfordeling</td>" in first
    assert '<span class="status status-received">Modtaget</span>' in first
    assert '<td class="nowrap">02.03.2026</td><td class="nowrap">20.03.2026</td>' in _squeeze(first)
    assert "<td>Sara Sekretær</td>" in first
    second = rows[plain.reference]
    assert "Principiel" not in second
    assert "<td>Varsling af større afskedigelser</td>" in second
    assert '<td class="nowrap">–</td>' in second, "no deadline"
    assert "<td>–</td>" in second, "no assignee"


def test_an_assignee_without_a_person_is_shown_by_username(cast: Cast) -> None:
    case = make_case(cast)
    loner = User.objects.create_user("sekretaer-uden-person")
    Case.objects.filter(pk=case.pk).update(assignee=loner)
    body = client_for(cast.sara).get(reverse("cases:list"), {"type": "arbejdsfordeling"})
    assert "<td>sekretaer-uden-person</td>" in _table_rows(body.content.decode())[case.reference]


def test_the_council_column_is_shown_to_users_who_see_several_councils(cast: Cast) -> None:
    case = make_case(cast)
    admin = User.objects.create_superuser("admin", password="pw")
    several = client_for(admin).get(reverse("cases:list"), {"type": "arbejdsfordeling"})
    assert "<td>RAR Testland</td>" in _table_rows(several.content.decode())[case.reference]
    one = client_for(cast.sara).get(reverse("cases:list"), {"type": "arbejdsfordeling"})
    assert "RAR Testland</td>" not in _table_rows(one.content.decode())[case.reference]


def test_only_the_secretariat_gets_the_boxes_for_a_bulk_decision(cast: Cast) -> None:
    make_case(cast)
    assert 'name="case"' in client_for(cast.sara).get(reverse("cases:list")).content.decode()
    assert 'name="case"' not in client_for(cast.kurt).get(reverse("cases:list")).content.decode()


def test_a_filtered_list_is_audited_once_and_shows_no_overview(cast: Cast) -> None:
    make_case(cast)
    client = client_for(cast.kurt)
    listings = AuditEntry.objects.filter(action="case.list", actor=cast.kurt)
    body = client.get(reverse("cases:list"), {"type": "arbejdsfordeling"}).content.decode()
    assert listings.count() == 1
    assert "Åbne sager efter type og status" not in body
    body = client.get(reverse("cases:list")).content.decode()
    assert listings.count() == 3, "the overview's unfiltered read is audited as well"
    assert "Åbne sager efter type og status" in body
    assert f'href="{reverse("cases:list")}"' in body, "the menu still offers the cases"


def _list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cases:list"), {"type": "arbejdsfordeling"})
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_a_page_of_50_cases_costs_no_more_queries_than_a_page_of_2(cast: Cast) -> None:
    """No lookups per row: council, assignee and person come with the page."""
    client = client_for(cast.sara)
    services.worksharing_batch_import(council=cast.council, rows=[_row(1), _row(2)], by=cast.sara)
    Case.objects.update(assignee=cast.sara)
    two = _list_queries(client)
    services.worksharing_batch_import(
        council=cast.council, rows=[_row(n) for n in range(3, 60)], by=cast.sara
    )
    Case.objects.update(assignee=cast.sara)
    assert _list_queries(client) == two
    assert two <= 14, f"{two} queries for a filtered page of the case list"


def _squeeze(html: str) -> str:
    return "".join(line.strip() for line in html.splitlines())


def _table_rows(body: str) -> dict[str, str]:
    """The case table's rows by case reference."""
    table = body[body.index('id="case-table"') :]
    table = table[table.index("<tbody>") : table.index("</tbody>")]
    rows = {}
    for row in table.split("<tr>")[1:]:
        link_end = row.index("</a>")
        rows[row[row.rindex(">", 0, link_end) + 1 : link_end]] = row
    return rows


def _row(n: int, **overrides: str) -> dict[str, str]:
    return {
        "virksomhed": f"Virksomhed {n} A/S",
        "cvr": CVR_A,
        "kommune": "Frederikshavn",
        "berørte medarbejdere": "10",
        "startdato": "09.03.2026",
        "uger": "20",
        "forlængelse": "ja",
        "principiel": "nej",
        **overrides,
    }


def test_bulk_decision_decides_what_the_rule_allows_and_explains_the_rest(cast: Cast) -> None:
    cases = services.worksharing_batch_import(
        council=cast.council, rows=[_row(1), _row(2), _row(3, principiel="ja")], by=cast.sara
    )
    response = client_for(cast.sara).post(
        reverse("cases:bulk_decide"),
        {"case": [c.pk for c in cases], "reasons": "Efter reglen"},
        follow=True,
    )
    body = response.content.decode()
    assert "2 sager er afgjort administrativt" in body
    assert "Sagen er markeret som principiel" in body
    statuses = sorted(Case.objects.values_list("status", flat=True))
    assert statuses == [CaseStatus.DECIDED, CaseStatus.DECIDED, CaseStatus.RECEIVED]


# --- Intake --------------------------------------------------------------------------------------


def _create_data(cast: Cast, **overrides: str) -> dict[str, str]:
    return {
        "received_on": "2026-03-02",
        "company_name": "Skagen Fiskeindustri A/S",
        "cvr": CVR_A,
        "municipality": str(cast.frederikshavn.pk),
        "employees_affected": "42",
        "start_date": "2026-03-09",
        "weeks": "13",
        **overrides,
    }


def test_a_case_is_created_from_its_type_form(cast: Cast) -> None:
    response = client_for(cast.sara).post(
        reverse("cases:create", args=["arbejdsfordeling"]), _create_data(cast)
    )
    case = WorkSharingCase.objects.get()
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.company_name == "Skagen Fiskeindustri A/S"


def test_each_type_has_its_own_form_fields(cast: Cast) -> None:
    client = client_for(cast.sara)
    layoff = client.get(reverse("cases:create", args=["varsling"])).content.decode()
    permit = client.get(reverse("cases:create", args=["arbejdstilladelse"])).content.decode()
    assert "Afskedigelser fra" in layoff and "Stilling" not in layoff
    assert "Stilling" in permit and "Afskedigelser fra" not in permit
    assert client.get(reverse("cases:create", args=["klv"])).status_code == 404


def test_a_cpr_number_in_the_intake_form_is_refused_and_the_input_is_kept(cast: Cast) -> None:
    response = client_for(cast.sara).post(
        reverse("cases:create", args=["arbejdsfordeling"]),
        _create_data(cast, company_name=f"Skagen Fisk, kontakt {CPR}"),
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert CPR_MESSAGE in body
    assert f'value="Skagen Fisk, kontakt {CPR}"' in body  # the user's text is still there
    assert 'id="id_company_name_errors"' in body  # shown beside the field
    assert not Case.objects.exists()


# --- Imports -------------------------------------------------------------------------------------


WORKSHARING_CSV = (
    "Virksomhed;CVR;Kommune;Berørte medarbejdere;Startdato;Uger;Forlængelse;Principiel\n"
    f"Skagen Fisk A/S;{CVR_A};Frederikshavn;40;09.03.2026;20;ja;nej\n"
    f"Aalborg Stål ApS;{CVR_B};Aalborg;12;16.03.2026;18;ja;nej\n"
)


def _upload(text: str, name: str = "batch.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_a_batch_of_work_sharing_cases_is_imported(cast: Cast) -> None:
    response = client_for(cast.sara).post(
        reverse("cases:import_worksharing"), {"upload": _upload(WORKSHARING_CSV)}, follow=True
    )
    assert "2 sager om arbejdsfordeling er oprettet" in response.content.decode()
    assert WorkSharingCase.objects.count() == 2


def test_a_cpr_number_in_an_upload_is_shown_by_row_and_column_and_nothing_is_saved(
    cast: Cast,
) -> None:
    bad = WORKSHARING_CSV + f"Hals Is;{CVR_A};Aalborg;3;09.03.2026;xx;ja;{CPR}\n"
    response = client_for(cast.sara).post(
        reverse("cases:import_worksharing"), {"upload": _upload(bad)}
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Intet er gemt" in body
    assert '<tr><th scope="row">4</th><td>principiel</td><td>' + CPR_MESSAGE in body
    assert not Case.objects.exists()


def test_row_errors_name_the_row_and_column(cast: Cast) -> None:
    bad = WORKSHARING_CSV + f"Hals Is;{CVR_A};Aarhus;3;09.03.2026;xx;ja;nej\n"
    body = (
        client_for(cast.sara)
        .post(reverse("cases:import_worksharing"), {"upload": _upload(bad)})
        .content.decode()
    )
    assert '<th scope="row">4</th><td>Kommune</td>' in body
    assert '<th scope="row">4</th><td>Uger</td><td>skal være et helt tal' in body


def test_a_klv_list_is_imported_and_breaches_are_shown(cast: Cast) -> None:
    csv = (
        "Arbejdsplads;CVR;Virksomhedspraktik;Nytteindsats;Løntilskud;Ansatte uden tilskud\n"
        "Genbrugspladsen;;1;1;0;20\n"
        "Materielgården;;3;2;1;10\n"
    )
    client = client_for(cast.sara)
    response = client.post(
        reverse("cases:import_klv"),
        {
            "upload": _upload(csv, "klv.csv"),
            "municipality": cast.frederikshavn.pk,
            "quarter": "2026K1",
        },
        follow=True,
    )
    body = response.content.decode()
    report = KLVReport.objects.get()
    assert "1 arbejdspladser overskrider rimelighedskravet" in body
    assert "Overskrider rimelighedskravet" in body
    assert report.rows.count() == 2


def test_an_xlsx_import_works_like_csv(cast: Cast) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for line in WORKSHARING_CSV.strip().split("\n"):
        sheet.append(line.split(";"))
    data = io.BytesIO()
    workbook.save(data)
    upload = SimpleUploadedFile("batch.xlsx", data.getvalue())
    client_for(cast.sara).post(reverse("cases:import_worksharing"), {"upload": upload})
    assert WorkSharingCase.objects.count() == 2


# --- Handling ------------------------------------------------------------------------------------


def test_only_the_allowed_transitions_are_offered(cast: Cast, work_sharing: Case) -> None:
    body = client_for(cast.sara).get(reverse("cases:detail", args=[work_sharing.pk])).content
    text = body.decode()
    assert 'value="start"' in text
    assert 'value="close"' not in text
    assert "Send i høring" not in text  # only once the handling has started


def test_the_rules_refusal_is_shown_instead_of_the_decision_form(
    cast: Cast, work_sharing: Case
) -> None:
    services.case_update(case=work_sharing, by=cast.sara, is_question_of_principle=True)
    text = client_for(cast.sara).get(reverse("cases:detail", args=[work_sharing.pk])).content
    assert "Efter rådets regel afgøres principielle sager af sagsudvalget" in text.decode()
    assert reverse("cases:decide", args=[work_sharing.pk]) not in text.decode()


def test_a_note_with_a_cpr_number_is_refused_and_kept_in_the_form(
    cast: Cast, work_sharing: Case
) -> None:
    response = client_for(cast.sara).post(
        reverse("cases:note_add", args=[work_sharing.pk]), {"text": CPR}
    )
    assert response.status_code == 422
    assert CPR_MESSAGE in response.content.decode()
    assert CPR in response.content.decode()
    assert not work_sharing.notes.exists()


def test_an_administrative_decision_gives_a_letter_with_the_case_number(
    cast: Cast, work_sharing: Case
) -> None:
    client = client_for(cast.sara)
    client.post(
        reverse("cases:decide", args=[work_sharing.pk]),
        {"decide-outcome": "approved", "decide-reasons": "Efter rådets regel."},
    )
    work_sharing.refresh_from_db()
    assert work_sharing.decided_by == DecidedBy.ADMINISTRATIVE
    response = client.get(reverse("cases:letter", args=[work_sharing.pk]))
    assert response.content.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert work_sharing.reference in text


def test_a_written_hearing_from_sending_to_the_committees_decision(
    cast: Cast, work_sharing: Case
) -> None:
    sara, kurt, karin = client_for(cast.sara), client_for(cast.kurt), client_for(cast.karin)
    sara.post(reverse("cases:transition", args=[work_sharing.pk]), {"name": "start"})
    deadline = (timezone.localdate() + dt.timedelta(days=4)).isoformat()
    sara.post(reverse("cases:hearing_send", args=[work_sharing.pk]), {"deadline": deadline})
    answer = reverse("cases:hearing_answer", args=[work_sharing.pk])
    kurt.post(answer, {"answer": "agree"})
    refused = karin.post(answer, {"answer": "comment", "text": ""})
    assert refused.status_code == 422 and "Skriv din bemærkning." in refused.content.decode()
    karin.post(answer, {"answer": "disagree", "text": "For mange uger"})
    detail = sara.get(reverse("cases:detail", args=[work_sharing.pk])).content.decode()
    assert "For mange uger" in detail and "Enige: 1 · uenige: 1" in detail
    sara.post(
        reverse("cases:hearing_close", args=[work_sharing.pk]),
        {
            "committee-outcome": "approved",
            "committee-reasons": "Flertal i sagsudvalget.",
        },
    )
    work_sharing.refresh_from_db()
    assert work_sharing.decided_by == DecidedBy.COMMITTEE
    assert HearingAnswer.objects.count() == 2


def test_a_member_sees_the_hearing_form_only_while_asked(cast: Cast, work_sharing: Case) -> None:
    page = client_for(cast.kurt).get(reverse("cases:hearing", args=[work_sharing.pk]))
    assert "Sagen er ikke i høring lige nu." in page.content.decode()


# --- Quarterly summary ---------------------------------------------------------------------------


def test_the_quarterly_summary_counts_by_type_and_outcome_as_text(cast: Cast) -> None:
    case = make_case(cast, CaseKind.WORK_SHARING)
    services.case_decide_administratively(case=case, by=cast.sara)
    make_case(cast, CaseKind.LAYOFF_NOTICE)
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    body = (
        client_for(cast.kurt)
        .get(reverse("cases:quarter", args=[cast.council.slug, today.year, quarter]))
        .content.decode()
    )
    assert "Rådets forvaltningssager" in body
    assert "Arbejdsfordeling: " in body
    assert "1 imødekommet" in body
    assert "1 administrativt af sekretariatet, 0 af sagsudvalget" in body


def test_the_menu_shows_cases_only_to_those_who_may_see_them(cast: Cast) -> None:
    link = f'href="{reverse("cases:list")}"'
    assert link in client_for(cast.kurt).get(reverse("staff:dashboard")).content.decode()
    assert link not in client_for(cast.mette).get(reverse("staff:dashboard")).content.decode()
