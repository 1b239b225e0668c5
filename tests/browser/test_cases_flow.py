"""A surge of work-sharing extensions, handled in a real browser.

The secretariat imports a batch of extensions from a CSV file (first a file with a CPR
number, which is refused row by row), decides all it may decide administratively in one go
from the list, starts the one marked as a question of principle and sends it to a written
hearing in the case committee. Two members answer on their tablets, the secretariat
records the committee's decision and downloads the decision letter. Each step leaves a
screenshot in test-artifacts/screenshots/cases-NN-….png.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from raadsrum.cases import services as case_services
from raadsrum.cases.models import CaseKind, WorkSharingCase
from raadsrum.councils import services as council_services
from raadsrum.councils.models import (
    Committee,
    Council,
    CouncilArea,
    MemberGroup,
    Municipality,
    Region,
    Role,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "sagsudvalg-2026"
TABLET = {"width": 820, "height": 1180}
COUNCIL = "RAR Nordjylland (test)"
CVR = "12345674"  # a valid CVR number (modulus 11)
HEADER = "Virksomhed;CVR;Kommune;Berørte medarbejdere;Startdato;Uger;Forlængelse;Principiel\n"
COMPANIES = [
    ("Skagen Fiskeindustri A/S", "Frederikshavn", 42, 20, "nej"),
    ("Hirtshals Net ApS", "Hjørring", 12, 18, "nej"),
    ("Aalborg Stålvarer A/S", "Aalborg", 85, 22, "nej"),
    ("Sæby Emballage ApS", "Frederikshavn", 9, 16, "nej"),
    ("Nordjysk Maskinfabrik A/S", "Aalborg", 140, 26, "ja"),  # a question of principle
]
PRINCIPLE = "Nordjysk Maskinfabrik A/S"


@dataclass
class People:
    sara: User
    kurt: User
    karin: User


def _user(username: str, name: str, *, by: User | None) -> tuple[User, object]:
    user = User.objects.create_user(username=username, password=PASSWORD, first_name=name)
    person = council_services.person_create(name=name, user=user, by=by)
    return user, person


def set_up_council() -> People:
    """RAR Nordjylland with its secretariat and a case committee of two, made through the
    councils services, and the council's rule letting the secretariat decide extensions."""
    region = Region.objects.create(code="1081", name="Region Nordjylland")
    council = Council.objects.create(
        slug="rar-nord",
        name=COUNCIL,
        name_genitive="RAR Nordjyllands",
        kind=Council.Kind.RAR,
        valid_from=dt.date(2015, 1, 1),
        secretariat_name="AMK Nord",
        region=region,
    )
    for code, name in (("813", "Frederikshavn"), ("860", "Hjørring"), ("851", "Aalborg")):
        municipality = Municipality.objects.create(code=code, name=name, region=region)
        CouncilArea.objects.create(
            council=council, municipality=municipality, valid_from=dt.date(2015, 1, 1)
        )
    da = MemberGroup.objects.create(code="DA", name="DA", position=1)
    fh = MemberGroup.objects.create(code="FH", name="FH", position=2)
    start = dt.date(2024, 1, 1)
    sara, sara_p = _user("sara", "Sara Sekretær", by=None)
    council_services.membership_add(
        council=council, person=sara_p, role=Role.SECRETARIAT, valid_from=start, by=None
    )
    committee = council_services.committee_create(
        council=council, kind=Committee.Kind.CASE_COMMITTEE, name="Sagsudvalget", by=sara
    )
    members = []
    for username, name, group in (
        ("kurt", "Kurt Udvalgsformand", da),
        ("karin", "Karin Udvalgsmedlem", fh),
    ):
        user, person = _user(username, name, by=sara)
        council_services.membership_add(
            council=council,
            person=person,
            role=Role.MEMBER,
            member_group=group,
            valid_from=start,
            by=sara,
        )
        council_services.committee_member_add(
            committee=committee,
            person=person,
            valid_from=start,
            is_chair=username == "kurt",
            by=sara,
        )
        members.append(user)
    case_services.administrative_rule_set(
        council=council,
        kind=CaseKind.WORK_SHARING,
        by=sara,
        valid_from=dt.date(2020, 3, 1),
        principle_to_committee=True,
        note="Rådets beslutning 19. marts 2020",
    )
    return People(sara=sara, kurt=members[0], karin=members[1])


def write_csv(path: Path, *, cpr_in_row: int | None = None) -> Path:
    lines = [HEADER]
    for n, (company, municipality, affected, weeks, principle) in enumerate(COMPANIES, start=2):
        name = f"{company} v/ 010203-1234" if n == cpr_in_row else company
        lines.append(f"{name};{CVR};{municipality};{affected};09.03.2026;{weeks};ja;{principle}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def log_in(page: Page, username: str) -> None:
    expect(page.get_by_role("heading", name="Log ind", level=1)).to_be_visible()
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))


def message(page: Page, role: str, text: str | re.Pattern[str]) -> object:
    return page.locator(".messages").get_by_role(role).filter(has_text=text)


def test_a_surge_of_work_sharing_extensions_from_import_to_decision_letter(
    live_server, page: Page, open_page, screenshot, tmp_path
) -> None:
    url = live_server.url
    page.set_default_timeout(15_000)
    expect.set_options(timeout=10_000)
    set_up_council()

    # 1. The secretariat follows the menu to the cases: empty, with the overview.
    page.goto(url + "/sager/")
    log_in(page, "sara")
    expect(page.get_by_role("heading", name="Forvaltningssager", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Sager")).to_be_visible()
    screenshot("cases-01-liste-tom")

    # 2. A file with a CPR number is refused: the row and column are shown, nothing saved.
    page.get_by_role("link", name="Importér arbejdsfordelinger").click()
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(
        str(write_csv(tmp_path / "med-cpr.csv", cpr_in_row=3))
    )
    page.get_by_role("button", name="Indlæs filen").click()
    errors = page.locator("#row-errors")
    expect(errors).to_contain_text("1 fejl i filen. Intet er gemt.")
    row = errors.locator("tbody tr").first
    expect(row.locator("th")).to_have_text("3")
    expect(row.locator("td").first).to_have_text("virksomhed")
    expect(row).to_contain_text("CPR-nummer")
    screenshot("cases-02-import-cpr-afvist")
    assert not WorkSharingCase.objects.exists()

    # 3. The corrected file: five extensions, listed as received.
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(
        str(write_csv(tmp_path / "forlaengelser.csv"))
    )
    page.get_by_role("button", name="Indlæs filen").click()
    expect(message(page, "status", "5 sager om arbejdsfordeling er oprettet")).to_be_visible()
    table = page.locator("#case-table")
    expect(table.locator("tbody tr")).to_have_count(5)
    screenshot("cases-03-importeret")

    # 4. All five ticked and decided in one go; the rule sends the principle case on.
    page.get_by_role("button", name="Vælg alle på siden").click()
    page.get_by_label("Begrundelse (samme for alle)").fill(
        "Forlængelsen følger rådets regel for arbejdsfordeling af 19. marts 2020."
    )
    page.get_by_role("button", name="Afgør valgte administrativt").click()
    expect(message(page, "status", "4 sager er afgjort administrativt")).to_be_visible()
    expect(message(page, "alert", "Sagen er markeret som principiel")).to_be_visible()
    screenshot("cases-04-afgjort-samlet")
    principle = WorkSharingCase.objects.get(company_name=PRINCIPLE)
    assert principle.status == "received"
    assert WorkSharingCase.objects.filter(status="decided").count() == 4

    # 5. The principle case: the decision box says why, then it goes to a written hearing.
    page.goto(url + "/sager/")
    page.get_by_role("link", name=principle.reference).click()
    page.get_by_role("button", name="Påbegynd behandlingen").click()
    expect(message(page, "status", "Behandlingen er påbegyndt")).to_be_visible()
    expect(page.locator("#decide")).to_contain_text("afgøres principielle sager af sagsudvalget")
    screenshot("cases-05-principiel-sag")
    deadline = dt.date.today() + dt.timedelta(days=5)
    page.get_by_label("Svarfrist").fill(deadline.isoformat())
    page.get_by_role("button", name="Send i høring").click()
    expect(message(page, "status", "sendt i skriftlig høring hos 2 medlemmer")).to_be_visible()
    screenshot("cases-06-sendt-i-hoering")
    case_path = f"/sager/{principle.pk}/"

    # 6. Two members answer on their tablets, each in their own browser.
    answers = (
        ("kurt", "Enig i indstillingen", ""),
        ("karin", "Bemærkning", "Enig, men virksomheden bør orientere medarbejderne."),
    )
    for n, (username, answer, text) in enumerate(answers, start=7):
        member = open_page(**TABLET)
        member.set_default_timeout(15_000)
        member.goto(url + case_path + "hoering/")
        log_in(member, username)
        expect(member.get_by_role("heading", name=re.compile(principle.reference))).to_be_visible()
        member.get_by_role("radio", name=answer, exact=True).check(force=True)
        if text:
            member.get_by_role("textbox", name="Bemærkning").fill(text)
        member.get_by_role("button", name="Send svar").click()
        expect(message(member, "status", "Dit svar er gemt")).to_be_visible()
        screenshot(f"cases-{n:02d}-svar-{username}", on=member)

    # 7. The secretariat sees who answered what and records the committee's decision.
    page.goto(url + case_path)
    hearing = page.locator("#hearing")
    expect(hearing.get_by_role("row", name=re.compile("Kurt Udvalgsformand"))).to_contain_text(
        "Enig i indstillingen"
    )
    expect(hearing.get_by_role("row", name=re.compile("Karin Udvalgsmedlem"))).to_contain_text(
        "orientere medarbejderne"
    )
    screenshot("cases-09-hoeringssvar")
    close = page.locator("#close-hearing")
    close.get_by_role("radio", name="Imødekommet", exact=True).check(force=True)
    close.get_by_label("Begrundelse").fill("Sagsudvalget er enigt i, at forlængelsen imødekommes.")
    close.get_by_role("button", name="Registrér afgørelsen").click()
    expect(message(page, "status", "Sagsudvalgets afgørelse er registreret")).to_be_visible()
    expect(page.locator("#decision")).to_contain_text("Af sagsudvalget")
    screenshot("cases-10-afgjort-af-udvalget")

    # 8. The decision letter, as PDF with the case number in its text.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent afgørelsesbrev (PDF)").click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert principle.reference in text
    assert "sagsudvalg" in text

    # 9. The quarterly summary for the council's agenda.
    page.goto(url + "/sager/")
    page.get_by_role("link", name=re.compile("Kvartalsoversigt")).click()
    expect(page.get_by_role("heading", name=re.compile("Rådets forvaltningssager"))).to_be_visible()
    expect(page.get_by_label("Tekst til dagsordenspunktet")).to_have_value(
        re.compile(r"Arbejdsfordeling: 5 modtaget, 5 afgjort")
    )
    screenshot("cases-11-kvartalsoversigt")
