import datetime as dt
from dataclasses import dataclass

import pypdfium2 as pdfium
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from raadsrum.core.errors import PermissionDenied, ValidationFailed
from raadsrum.core.models import AuditEntry
from raadsrum.councils.models import Membership, Person, Role
from raadsrum.meetings import services as meeting_services
from raadsrum.meetings.models import AgendaItem, Attachment
from raadsrum.monitoring.models import KeyFiguresReport
from raadsrum.monitoring.note_services import note_attach
from raadsrum.monitoring.tests.keyfigures_data import Store, make_store

MARCH_2020 = dt.date(2020, 3, 1)


@dataclass
class Cast:
    store: Store
    sara: User  # the secretariat
    mette: User  # a member
    item: AgendaItem  # on the council's next meeting
    foreign_item: AgendaItem  # on another council's meeting


def _user(username: str, council, role: str) -> User:
    user = User.objects.create_user(username=username, password="pw")
    person = Person.objects.create(name=username.title(), user=user)
    Membership.objects.create(
        council=council, person=person, role=role, valid_from=dt.date(2020, 1, 1)
    )
    return user


def _item(council, by: User) -> AgendaItem:
    meeting = meeting_services.meeting_create(
        council=council,
        date=timezone.localdate() + dt.timedelta(days=30),
        by=by,
        from_template=False,
    )
    section = meeting_services.section_add(meeting=meeting, title="Orientering", by=by)
    return meeting_services.item_add(
        section=section, title="Nøgletal og arbejdsmarkedet", kinds="O", by=by
    )


@pytest.fixture
def cast(db: None) -> Cast:
    store = make_store(synthetic=True)
    sara = _user("sara", store.council, Role.SECRETARIAT)
    mette = _user("mette", store.council, Role.MEMBER)
    other_secretary = _user("otto", store.other, Role.SECRETARIAT)
    return Cast(store, sara, mette, _item(store.council, sara), _item(store.other, other_secretary))


def test_the_secretariat_attaches_the_note_as_a_pdf(cast: Cast) -> None:
    report = note_attach(council=cast.store.council, month=MARCH_2020, item=cast.item, by=cast.sara)
    attachment = Attachment.objects.get(item=cast.item)
    assert attachment.title == "Nøgletalsnotat marts 2020"
    content = attachment.file.read()
    assert content.startswith(b"%PDF")
    assert "13.330" in pdfium.PdfDocument(content)[0].get_textpage().get_text_range()
    assert report.attached_to == cast.item
    assert report.is_synthetic
    assert report.data["month"] == "2020-03"
    assert AuditEntry.objects.filter(action="keyfigures.attach").count() == 1


def test_a_double_click_adds_one_attachment(cast: Cast) -> None:
    first = note_attach(council=cast.store.council, month=MARCH_2020, item=cast.item, by=cast.sara)
    again = note_attach(council=cast.store.council, month=MARCH_2020, item=cast.item, by=cast.sara)
    assert again == first
    assert Attachment.objects.filter(item=cast.item).count() == 1
    assert KeyFiguresReport.objects.count() == 1


def test_a_member_may_not_attach(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        note_attach(council=cast.store.council, month=MARCH_2020, item=cast.item, by=cast.mette)
    assert not Attachment.objects.exists()


def test_the_note_only_goes_on_the_councils_own_meetings(cast: Cast) -> None:
    with pytest.raises(ValidationFailed, match="et andet råds møde"):
        note_attach(
            council=cast.store.council, month=MARCH_2020, item=cast.foreign_item, by=cast.sara
        )


def test_a_month_without_figures_is_not_attached(cast: Cast) -> None:
    with pytest.raises(ValidationFailed, match="ingen tal"):
        note_attach(
            council=cast.store.council, month=dt.date(2010, 1, 1), item=cast.item, by=cast.sara
        )
    assert not Attachment.objects.exists()


def test_the_secretariat_picks_an_upcoming_item_on_the_note_page(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.sara)
    kwargs = {"council": cast.store.council.slug, "month": "2020-03"}
    page = client.get(reverse("monitoring:note", kwargs=kwargs))
    assert f'<option value="{cast.item.pk}"' in page.content.decode()
    assert f'<option value="{cast.foreign_item.pk}"' not in page.content.decode()
    response = client.post(reverse("monitoring:note_attach", kwargs=kwargs), {"item": cast.item.pk})
    assert response.status_code == 302
    assert Attachment.objects.filter(item=cast.item, title="Nøgletalsnotat marts 2020").exists()


def test_members_see_no_attach_form_and_their_post_is_refused(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.mette)
    kwargs = {"council": cast.store.council.slug, "month": "2020-03"}
    assert (
        'name="item"' not in client.get(reverse("monitoring:note", kwargs=kwargs)).content.decode()
    )
    client.post(reverse("monitoring:note_attach", kwargs=kwargs), {"item": cast.item.pk})
    assert not Attachment.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(cast: Cast) -> None:
    kwargs = {"council": cast.store.council.slug, "month": "2020-03"}
    response = Client().post(reverse("monitoring:note_attach", kwargs=kwargs), {"item": 1})
    assert response.status_code == 302 and "login" in response["Location"]
