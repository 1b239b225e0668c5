"""A newcomer's first meeting, start to finish, in a real browser.

The secretariat logs in with the login the demo prints, creates a meeting from the
council's standing items, composes the agenda (a new item, an inline edit, a keyboard
move and a drag), the chair approves it, the secretariat publishes it, records the
decisions and the end time, sends the minutes for written hearing, a member comments,
the chair approves, the secretariat publishes, and an anonymous visitor reads the
decision and downloads the minutes as PDF. Each step leaves a screenshot in
test-artifacts/screenshots/newcomer-NN-….png (numbered so they sort), so a failure leaves
the pictures of every page up to it. The chair works on a tablet-sized window.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

COUNCIL = "Regionalt Beskæftigelsesråd Nordjylland"
NEW_TITLE = "Praktikindsats for ledige 2027"
NEW_SUMMARY = "Rådet drøfter en fælles praktikindsats med kommunerne i 2027."
NEW_DECISION = "Rådet godkendte praktikindsatsen og bad sekretariatet følge op i marts."
COMMENT = "Beslutningen bør nævne, at kommunerne er hørt."
TABLET = {"width": 820, "height": 1180}


def demo_logins() -> dict[str, str]:
    """Run `raadsrum demo` and read the logins it prints: {"sekretariat": password, …}."""
    out = io.StringIO()
    call_command("demo", stdout=out)
    printed = dict(re.findall(r"^\s+(\S+)\s+adgangskode: (\S+)\s*$", out.getvalue(), re.M))
    assert {"sekretariat", "formand", "medlem"} <= printed.keys(), out.getvalue()
    return printed


def log_in(page: Page, username: str, password: str) -> None:
    """Fill in the login form the page is showing and wait for the next page."""
    expect(page.get_by_role("heading", name="Log ind", level=1)).to_be_visible()
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))


def open_my_councils(page: Page, url: str, username: str, password: str) -> None:
    """Another person follows a link to "Mine råd", is asked to log in, and lands there."""
    page.goto(url + "/arbejde/")
    log_in(page, username, password)
    expect(page.get_by_role("heading", name="Mine råd", level=1)).to_be_visible()


def item_row(page: Page, title: str) -> Any:
    return page.locator("#agenda li.agenda-item").filter(has_text=title)


def item_number(page: Page, title: str) -> Any:
    return item_row(page, title).locator(".item-number")


def success(page: Page, text: str | re.Pattern[str]) -> Any:
    """The page's success message (DKFDS alert with role=status)."""
    return page.locator(".messages").get_by_role("status").filter(has_text=text)


def meeting_day() -> dt.date:
    """Today: the whole meeting, from agenda to published minutes, happens in one sitting.

    Minutes can only go to hearing once the meeting has taken place, so the day cannot lie
    ahead; the demo's own upcoming meeting is always after today, so there is no clash.
    """
    return timezone.localdate()


def test_a_newcomer_runs_a_meeting_from_empty_agenda_to_published_minutes(
    live_server, page: Page, open_page, screenshot, tmp_path
) -> None:
    url = live_server.url
    page.set_default_timeout(15_000)
    expect.set_options(timeout=10_000)  # generous for a loaded CI machine, still bounded

    # 1. The demo, loaded the way the README says; its printout gives the logins.
    logins = demo_logins()

    # 2. The secretariat logs in through the form and creates a meeting from the template.
    page.goto(url + "/")
    page.get_by_role("link", name="Log ind").first.click()
    screenshot("newcomer-01-login", on=page)
    log_in(page, "sekretariat", logins["sekretariat"])
    page.get_by_role("link", name="Mine råd").first.click()
    expect(page.get_by_role("heading", name="Mine råd", level=1)).to_be_visible()
    council = page.get_by_role("region", name=COUNCIL)
    expect(council.get_by_text("Din rolle: Sekretariat")).to_be_visible()
    screenshot("newcomer-02-mine-raad")

    council.get_by_role("link", name="Opret møde").click()
    expect(page.get_by_role("heading", name=f"Nyt møde i {COUNCIL}")).to_be_visible()
    day = meeting_day()
    with translation.override("da"):
        on_day = date_format(day, "j. F Y")  # "12. januar 2027", as the pages write it
    page.get_by_label("Dato").fill(day.isoformat())
    page.get_by_label("Starttid").fill("10:00")
    page.get_by_label("Sluttid").fill("13:00")
    page.get_by_label("Sted").fill("Aalborg, Jobcentret")
    expect(page.get_by_label("Start med de faste punkter")).to_be_checked()
    screenshot("newcomer-03-opret-moede")
    page.get_by_role("button", name="Opret møde").click()

    expect(success(page, "Mødet er oprettet")).to_be_visible()
    composer_url = page.url.split("#")[0]
    assert composer_url.endswith(f"/{day.isoformat()}/rediger/"), composer_url
    meeting_path = composer_url.removesuffix("rediger/").removeprefix(url)
    expect(item_number(page, "Referater til orientering")).to_have_text("1.1.1")
    expect(item_number(page, "Årshjul")).to_have_text("1.3.1")
    standing_items = page.locator("#agenda li.agenda-item").count()
    assert standing_items > 0
    screenshot("newcomer-04-dagsorden-fra-skabelon")

    # 3a. A new item (kind B) under the first section: it comes last there, as 1.4.1.
    add_item = page.get_by_role("region", name="Tilføj punkt")
    add_item.get_by_label("Under tema").select_option(
        label="1. Rådets interne fokus: strategi, indsats, opfølgning mv."
    )
    add_item.get_by_label("Overskrift", exact=True).fill(NEW_TITLE)
    add_item.get_by_label("Behandling").fill("B")
    add_item.get_by_role("button", name="Tilføj punkt").click()
    # The page opens at the new item, so the confirmation stands there, not at the top.
    added = item_row(page, NEW_TITLE).get_by_role("status")
    expect(added).to_contain_text("Punkt 1.4.1 er tilføjet.")
    expect(added).to_be_in_viewport()
    expect(item_number(page, NEW_TITLE)).to_have_text("1.4.1")
    expect(item_row(page, NEW_TITLE).locator(".item-marker")).to_have_text("(B)")
    screenshot("newcomer-05-punkt-tilfoejet")

    # From here until the drag, nothing may reload the page: this marker would vanish.
    page.evaluate("window.__newcomerNoReload = true")

    # 3b. Edit the summary inline: htmx swaps the form in, then the saved row back.
    page.get_by_role("link", name=f"Rediger punkt 1.4.1 {NEW_TITLE}").click()
    form = page.get_by_role("form", name="Rediger punkt 1.4.1")
    # The form opens with the cursor in its first field, so typing can start at once.
    expect(form.get_by_label("Overskrift", exact=True)).to_be_focused()
    form.get_by_label("Sagen kort").fill(NEW_SUMMARY)
    screenshot("newcomer-06-rediger-punkt-inline")
    form.get_by_role("button", name="Gem punkt").click()
    expect(page.get_by_role("status").filter(has_text="Punkt 1.4.1 er gemt.")).to_be_visible()
    expect(form).to_have_count(0)
    # Saved, not just shown: the form opened again holds the new text.
    page.get_by_role("link", name=f"Rediger punkt 1.4.1 {NEW_TITLE}").click()
    expect(
        page.get_by_role("form", name="Rediger punkt 1.4.1").get_by_label("Sagen kort")
    ).to_have_value(NEW_SUMMARY)
    page.get_by_role("form", name="Rediger punkt 1.4.1").get_by_role(
        "link", name="Annullér"
    ).click()
    expect(page.get_by_role("form", name="Rediger punkt 1.4.1")).to_have_count(0)
    assert page.evaluate("window.__newcomerNoReload") is True

    # 3c. "Flyt op" with the keyboard: 1.4.1 → 1.3.1, and focus stays on the button.
    up = page.get_by_role("button", name=f"Flyt op punkt 1.4.1 {NEW_TITLE}")
    up.focus()
    page.keyboard.press("Enter")
    expect(item_number(page, NEW_TITLE)).to_have_text("1.3.1")
    expect(item_number(page, "Årshjul")).to_have_text("1.4.1")
    expect(
        page.get_by_role("status").filter(has_text=f"Punktet “{NEW_TITLE}” er nu nummer 1.3.1.")
    ).to_be_visible()
    expect(page.get_by_role("button", name=f"Flyt op punkt 1.3.1 {NEW_TITLE}")).to_be_focused()
    # "Punkt 1.4.1 er tilføjet." is no longer true, so it is gone.
    expect(page.get_by_text("Punkt 1.4.1 er tilføjet.")).to_have_count(0)
    screenshot("newcomer-07-flyttet-med-tastatur")

    # 3d. Drag it by its handle above the section's first item: it becomes 1.1.1.
    handle = item_row(page, NEW_TITLE).locator(".drag-handle")
    first_row = item_row(page, "Referater til orientering")
    first_row.scroll_into_view_if_needed()
    start, goal = handle.bounding_box(), first_row.bounding_box()
    assert start is not None and goal is not None
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith("/flyt/")
    ) as moved:
        page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
        page.mouse.down()
        page.mouse.move(start["x"] + start["width"] / 2, start["y"] - 10, steps=5)
        page.mouse.move(goal["x"] + 20, goal["y"] + 5, steps=25)
        page.mouse.up()
    assert moved.value.status == 200
    expect(item_number(page, NEW_TITLE)).to_have_text("1.1.1")
    # First on the agenda: it cannot move further up.
    expect(page.get_by_role("button", name=f"Flyt op punkt 1.1.1 {NEW_TITLE}")).to_be_disabled()
    expect(item_number(page, "Referater til orientering")).to_have_text("1.2.1")
    expect(item_number(page, "Dagsorden for dagens møde")).to_have_text("1.3.1")
    expect(item_number(page, "Årshjul")).to_have_text("1.4.1")
    assert page.evaluate("window.__newcomerNoReload") is True
    screenshot("newcomer-08-flyttet-med-mus")
    # What the server saved, not only what the page shows: reload and count again.
    page.reload()
    expect(item_number(page, NEW_TITLE)).to_have_text("1.1.1")
    item_count = page.locator("#agenda li.agenda-item").count()
    assert item_count == standing_items + 1
    expect(page.get_by_role("button", name="Godkend dagsordenen")).to_have_count(0)

    # 4. Only the chairmanship approves: the chair, on a tablet, then the secretariat publishes.
    chair = open_page(**TABLET)
    open_my_councils(chair, url, "formand", logins["formand"])
    chair.get_by_role("link", name=f"Dagsorden til {COUNCIL} {on_day} afventer godkendelse").click()
    expect(chair.get_by_role("heading", name=re.compile("^Dagsorden"), level=1)).to_be_visible()
    # The chair reads the whole draft (the summary too), not only the titles.
    expect(chair.get_by_text(NEW_SUMMARY)).to_be_visible()
    screenshot("newcomer-09-formand-tablet-dagsorden", on=chair)
    chair.get_by_role("button", name="Godkend dagsordenen").click()
    expect(
        success(chair, "Dagsordenen er godkendt. Sekretariatet kan nu offentliggøre den.")
    ).to_be_visible()
    screenshot("newcomer-10-formand-har-godkendt", on=chair)

    page.reload()
    page.get_by_role("button", name="Offentliggør dagsordenen").click()
    expect(success(page, "Dagsordenen er offentliggjort.")).to_be_visible()
    expect(page.get_by_text("Dagsorden: Offentliggjort")).to_be_visible()
    screenshot("newcomer-11-dagsorden-offentliggjort")

    # 5. The decisions, item by item (each saved on its own), then the end of the meeting.
    page.get_by_role("navigation", name="Mødets sider").get_by_role(
        "link", name="Beslutninger"
    ).click()
    expect(page.get_by_role("heading", name=re.compile("^Beslutninger"), level=1)).to_be_visible()
    items = page.get_by_role("article")
    expect(items).to_have_count(item_count)
    for index in range(item_count):
        article = items.nth(index)
        is_new = NEW_TITLE in (article.get_by_role("heading").text_content() or "")
        article.get_by_label(re.compile(r"^Beslutning, punkt ")).fill(
            NEW_DECISION if is_new else "Rådet tog punktet til efterretning."
        )
        number = article.locator(".item-number").first.text_content()
        article.get_by_role("button", name=f"Gem beslutning for punkt {number}").click()
        expect(article.get_by_text("Gemt", exact=False)).to_be_visible()
    new_article = page.get_by_role("article", name=re.compile(re.escape(f"1.1.1 {NEW_TITLE}")))
    expect(new_article.get_by_label("Beslutning, punkt 1.1.1")).to_have_value(NEW_DECISION)
    screenshot("newcomer-12-beslutninger")

    end = page.get_by_role("region", name="Mødets afslutning")
    end.get_by_label("Mødet sluttede kl.").fill("12:45")
    end.get_by_role("button", name="Gem sluttidspunkt").click()
    expect(success(page, "Mødets sluttidspunkt er gemt.")).to_be_visible()
    expect(page.get_by_text("Mødet sluttede kl. 12.45.")).to_be_visible()
    screenshot("newcomer-13-sluttidspunkt")

    # 6. Minutes: written hearing, a member's comment, the chair's approval, publication.
    page.get_by_role("navigation", name="Mødets sider").get_by_role("link", name="Referat").click()
    expect(page.get_by_role("heading", name=re.compile("^Referat"), level=1)).to_be_visible()
    expect(page.get_by_label("Frist for bemærkninger")).not_to_have_value("")
    screenshot("newcomer-14-referat-udkast")
    page.get_by_role("button", name="Send i skriftlig høring").click()
    expect(success(page, "Referatet er sendt i skriftlig høring")).to_be_visible()
    screenshot("newcomer-15-referat-i-hoering")

    member = open_page()
    open_my_councils(member, url, "medlem", logins["medlem"])
    screenshot("newcomer-16-medlem-mine-raad", on=member)
    member.get_by_role("link", name=f"Referat af {COUNCIL} {on_day} er i høring").click()
    # In the hearing the member reads the whole draft minutes, decisions and texts alike.
    draft = member.get_by_role("region", name="Referatet, som det står nu")
    expect(draft.get_by_text(NEW_DECISION)).to_be_visible()
    expect(draft.get_by_text(NEW_SUMMARY)).to_be_visible()
    comment = member.get_by_role("region", name="Din bemærkning til referatet")
    comment.get_by_label("Punkt (valgfrit)").select_option(label=f"1.1.1 {NEW_TITLE}")
    comment.get_by_label("Bemærkning").fill(COMMENT)
    comment.get_by_role("button", name="Send bemærkning").click()
    expect(success(member, "Tak. Din bemærkning er sendt til sekretariatet.")).to_be_visible()
    comments = member.get_by_role("region", name="Bemærkninger fra høringen")
    expect(comments.get_by_text(COMMENT)).to_be_visible()
    expect(comments.get_by_text(f"Punkt 1.1.1 {NEW_TITLE}")).to_be_visible()
    screenshot("newcomer-17-medlem-har-kommenteret", on=member)

    chair.goto(url + meeting_path + "referat/")
    expect(
        chair.get_by_role("region", name="Bemærkninger fra høringen").get_by_text(COMMENT)
    ).to_be_visible()
    chair.get_by_role("button", name="Godkend referatet").click()
    expect(success(chair, "Referatet er godkendt.")).to_be_visible()
    screenshot("newcomer-18-formand-godkender-referat", on=chair)

    page.reload()
    page.get_by_role("button", name="Offentliggør referatet").click()
    expect(success(page, "Referatet er offentliggjort.")).to_be_visible()
    expect(
        page.get_by_role("region", name="Referatets status").get_by_text("Offentliggjort").first
    ).to_be_visible()
    screenshot("newcomer-19-referat-offentliggjort")

    # 7. Anyone can read the decision and download the minutes as PDF.
    visitor = open_page()
    response = visitor.goto(url + meeting_path)
    assert response is not None and response.status == 200
    expect(visitor.get_by_role("link", name="Log ind").first).to_be_visible()  # anonymous
    expect(visitor.get_by_text(NEW_DECISION)).to_be_visible()
    screenshot("newcomer-20-offentlig-side", on=visitor)
    with visitor.expect_download() as download_info:
        visitor.get_by_role("link", name="Referat som PDF").click()
    pdf_path = tmp_path / "referat.pdf"
    download_info.value.save_as(pdf_path)
    content = pdf_path.read_bytes()
    assert content.startswith(b"%PDF"), content[:20]

    from pypdf import PdfReader

    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Referat af" in text
    assert NEW_TITLE in text
    assert NEW_DECISION in text
