"""The archive's web upload: who may use it, report before commit, commit file by file, discard.

Background jobs run at once here (settings.test uses the tasks framework's ImmediateBackend);
test_upload_queue.py sends a batch through the real database queue and worker.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from raadsrum.archive import upload_services
from raadsrum.archive.models import ImportedDocument
from raadsrum.archive.parsing import ImportFailed
from raadsrum.archive.services import ImportStatus
from raadsrum.archive.tests.conftest import SAMPLES
from raadsrum.archive.upload_models import UploadBatch, UploadFile
from raadsrum.councils.models import Council, Membership, Person, Role
from raadsrum.councils.services import reference_load
from raadsrum.meetings.models import Meeting

NORDJYLLAND_2020 = "000_dd457604fb05ae09.txt"
WITHOUT_DATE = "001_f9edf094e86b5f9e.txt"
OESTJYLLAND_2022 = "003_c357e7af07d5e8d5.txt"
SAMPLE_NAMES = [NORDJYLLAND_2020, WITHOUT_DATE, OESTJYLLAND_2022]
BROKEN_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nthis is not a PDF any more"
BROKEN_PDF_MESSAGE = "Filen er ikke en gyldig PDF (den kan være beskadiget)."
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def sample_upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (SAMPLES / name).read_bytes(), content_type="text/plain")


def samples() -> list[SimpleUploadedFile]:
    return [sample_upload(name) for name in SAMPLE_NAMES]


def stored_files() -> list[Path]:
    return [p for p in Path(django_settings.ARCHIVE_UPLOAD_ROOT).rglob("*") if p.is_file()]


def _user(
    username: str, *, council: Council | None = None, role: str = "", superuser: bool = False
) -> User:
    user = User.objects.create_user(
        username=username, password="pw", first_name=username, is_superuser=superuser
    )
    if council is not None:
        person = Person.objects.create(name=username.title(), user=user)
        Membership.objects.create(
            council=council, person=person, role=role, valid_from=dt.date(2025, 1, 1)
        )
    return user


@pytest.fixture(autouse=True)
def upload_root(settings, tmp_path) -> Path:
    """Each test its own folder for uploaded files, so leftovers show."""
    settings.ARCHIVE_UPLOAD_ROOT = tmp_path / "uploads"
    return settings.ARCHIVE_UPLOAD_ROOT


@pytest.fixture
def councils(db, words) -> None:
    reference_load()


@pytest.fixture
def nordjylland_today(councils) -> Council:
    """RAR Nordjylland's successor: its secretariat inherits RAR Nordjylland's archive."""
    successor = Council.objects.get(name="RAR Nordjylland").successor
    assert successor is not None
    return successor


@pytest.fixture
def secretary(nordjylland_today) -> User:
    return _user("sekretaer", council=nordjylland_today, role=Role.SECRETARIAT)


@pytest.fixture
def admin(councils) -> User:
    return _user("admin", superuser=True)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def upload(client: Client, files: list[SimpleUploadedFile]):
    return client.post(reverse("archive_upload:upload"), {"files": files})


def latest_batch() -> UploadBatch:
    return UploadBatch.objects.latest("created_at")


def files_by_name(batch: UploadBatch) -> dict[str, UploadFile]:
    return {f.name: f for f in batch.files.all()}


# --- Who may upload ---------------------------------------------------------------------------


def every_url(batch: UploadBatch) -> list[tuple[str, str]]:
    return [
        ("get", reverse("archive_upload:upload")),
        ("post", reverse("archive_upload:upload")),
        ("get", reverse("archive_upload:batch", args=[batch.pk])),
        ("get", reverse("archive_upload:status", args=[batch.pk])),
        ("post", reverse("archive_upload:commit", args=[batch.pk])),
        ("post", reverse("archive_upload:discard", args=[batch.pk])),
    ]


@override_settings(TASKS=DUMMY_TASKS)
def test_every_upload_url_sends_an_anonymous_visitor_to_the_login(secretary):
    batch = upload_services.batch_create(files=samples(), by=secretary)
    for method, url in every_url(batch):
        response = getattr(client_for(None), method)(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(reverse("login")), (method, url)
    assert UploadBatch.objects.get().files.count() == 3


@override_settings(TASKS=DUMMY_TASKS)
def test_every_upload_url_is_forbidden_to_members_and_outsiders(secretary, nordjylland_today):
    batch = upload_services.batch_create(files=samples(), by=secretary)
    member = _user("medlem", council=nordjylland_today, role=Role.MEMBER)
    outsider = _user("udenfor")
    for user in (member, outsider):
        for method, url in every_url(batch):
            response = getattr(client_for(user), method)(url)
            assert response.status_code == 403, (user, method, url)
            assert "Kun et sekretariat kan importere dokumenter." in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == UploadBatch.Status.PARSING
    assert UploadBatch.objects.count() == 1


@override_settings(TASKS=DUMMY_TASKS)
def test_a_batch_is_only_for_its_uploader_and_superusers(secretary, admin, councils):
    batch = upload_services.batch_create(files=samples(), by=secretary)
    other = _user(
        "anden", council=Council.objects.get(name="RAR Østjylland").successor, role=Role.SECRETARIAT
    )
    for method, url in every_url(batch)[2:]:
        response = getattr(client_for(other), method)(url)
        assert response.status_code == 403, (method, url)
        assert "Uploaden tilhører en anden bruger." in response.content.decode()
    assert client_for(secretary).get(every_url(batch)[2][1]).status_code == 200
    assert client_for(admin).get(every_url(batch)[2][1]).status_code == 200
    assert UploadBatch.objects.filter(pk=batch.pk).exists()


def test_the_secretariat_gets_the_upload_form(secretary):
    response = client_for(secretary).get(reverse("archive_upload:upload"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="file"' in html and "multiple" in html
    assert "50 MB pr. fil" in html


def test_commit_and_discard_only_take_posts(secretary):
    batch = upload_services.batch_create(files=samples(), by=secretary)
    client = client_for(secretary)
    assert client.get(reverse("archive_upload:commit", args=[batch.pk])).status_code == 405
    assert client.get(reverse("archive_upload:discard", args=[batch.pk])).status_code == 405


# --- Limits -----------------------------------------------------------------------------------


@override_settings(ARCHIVE_UPLOAD_MAX_BYTES=50_000)
def test_a_file_over_the_size_limit_is_refused_with_a_danish_message_and_nothing_stored(
    secretary,
):
    response = upload(client_for(secretary), samples())  # 000 is 78 kB, 001 is 47 kB
    html = response.content.decode()
    assert response.status_code == 422
    assert f"Filen «{NORDJYLLAND_2020}» (75,9 KB) er for stor" in html
    assert "en fil må højst fylde 48,8 KB. Intet er uploadet." in html
    assert UploadBatch.objects.count() == 0 and stored_files() == []


def test_an_upload_without_files_asks_for_one(secretary):
    response = upload(client_for(secretary), [])
    assert response.status_code == 422
    assert "Vælg mindst én fil." in response.content.decode()


@override_settings(ARCHIVE_UPLOAD_MAX_FILES=2)
def test_too_many_files_are_refused(secretary):
    response = upload(client_for(secretary), samples())
    assert "Du har valgt 3 filer; der kan højst uploades 2 ad gangen." in (
        response.content.decode()
    )
    assert UploadBatch.objects.count() == 0


# --- Report, then commit ----------------------------------------------------------------------


def test_three_samples_are_read_reported_and_then_imported(admin):
    client = client_for(admin)
    response = upload(client, samples())
    batch = latest_batch()
    assert response.status_code == 302
    assert response["Location"] == reverse("archive_upload:batch", args=[batch.pk])
    # Read (a dry run): a report for each file, and nothing saved yet.
    assert batch.status == UploadBatch.Status.READY
    assert Meeting.objects.count() == 0 and ImportedDocument.objects.count() == 0
    files = files_by_name(batch)
    assert files[NORDJYLLAND_2020].preview["status"] == ImportStatus.IMPORTED
    assert files[NORDJYLLAND_2020].preview["council"] == "RAR Nordjylland"
    assert files[NORDJYLLAND_2020].preview["date"] == "2020-06-04"
    assert files[NORDJYLLAND_2020].preview["items"] == 22
    assert files[WITHOUT_DATE].preview["status"] == ImportStatus.NO_MEETING
    assert "Ingen mødedato i teksten" in files[WITHOUT_DATE].preview["warnings"]
    html = client.get(response["Location"]).content.decode()
    assert "3 af 3 filer læst" in html
    assert "RAR Nordjylland, rådsmøde" in html and "4. juni 2020" in html and "22 punkter" in html
    assert "Bliver et nyt møde" in html and "Gemmes som dokument, uden møde" in html
    assert "Importér 3 filer" in html

    response = client.post(reverse("archive_upload:commit", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == UploadBatch.Status.DONE
    assert sorted(Meeting.objects.values_list("council__name", "date")) == [
        ("RAR Nordjylland", dt.date(2020, 6, 4)),
        ("RAR Østjylland", dt.date(2022, 9, 29)),
    ]
    assert ImportedDocument.objects.count() == 3
    outcomes = {f.name: f.outcome for f in batch.files.all()}
    assert outcomes == {
        NORDJYLLAND_2020: ImportStatus.IMPORTED,
        WITHOUT_DATE: ImportStatus.NO_MEETING,
        OESTJYLLAND_2022: ImportStatus.IMPORTED,
    }
    html = client.get(reverse("archive_upload:batch", args=[batch.pk])).content.decode()
    assert "3 af 3 filer importeret" in html
    assert html.count("Importeret som nyt møde") == 2
    assert "Mødet nordjylland/2020-06-04 er oprettet med 22 punkter." in html
    assert reverse("meetings:meeting", args=["nordjylland", "2020-06-04"]) in html


def test_the_same_files_again_are_reported_as_already_imported(admin):
    client = client_for(admin)
    upload(client, samples())
    client.post(reverse("archive_upload:commit", args=[latest_batch().pk]))
    upload(client, samples())
    again = latest_batch()
    assert {f.preview["status"] for f in again.files.all()} == {ImportStatus.ALREADY_IMPORTED}
    client.post(reverse("archive_upload:commit", args=[again.pk]))
    assert {f.outcome for f in again.files.all()} == {ImportStatus.ALREADY_IMPORTED}
    assert Meeting.objects.count() == 2 and ImportedDocument.objects.count() == 3


def test_a_broken_pdf_is_reported_in_danish_and_the_other_files_still_import(admin):
    client = client_for(admin)
    broken = SimpleUploadedFile("referat-2019.pdf", BROKEN_PDF, content_type="application/pdf")
    upload(client, [*samples(), broken])
    batch = latest_batch()
    assert batch.status == UploadBatch.Status.READY
    bad = files_by_name(batch)["referat-2019.pdf"]
    assert (bad.status, bad.error) == (UploadFile.Status.UNREADABLE, BROKEN_PDF_MESSAGE)
    html = client.get(reverse("archive_upload:batch", args=[batch.pk])).content.decode()
    assert "4 af 4 filer læst" in html
    assert BROKEN_PDF_MESSAGE in html and "Kan ikke læses" in html
    assert "Importér 3 filer" in html

    client.post(reverse("archive_upload:commit", args=[batch.pk]))
    bad.refresh_from_db()
    assert bad.status == UploadFile.Status.SKIPPED
    assert Meeting.objects.count() == 2 and ImportedDocument.objects.count() == 3
    html = client.get(reverse("archive_upload:batch", args=[batch.pk])).content.decode()
    assert "Ikke importeret: kunne ikke læses" in html and BROKEN_PDF_MESSAGE in html


def test_a_file_failing_at_commit_is_rolled_back_alone_with_its_danish_reason(admin, monkeypatch):
    client = client_for(admin)
    upload(client, samples())
    batch = latest_batch()
    real_import = upload_services.document_import

    def failing_for_oestjylland(**kwargs):
        if kwargs["filename"] == OESTJYLLAND_2022 and kwargs["commit"]:
            real_import(**kwargs)  # it writes, and then fails: everything must go again
            raise ImportFailed("Filen blev importeret af en anden i samme øjeblik. Prøv igen.")
        return real_import(**kwargs)

    # The real import commits its own transaction; make the failure happen inside one.
    monkeypatch.setattr(
        upload_services,
        "document_import",
        _inside_one_transaction(failing_for_oestjylland),
    )
    client.post(reverse("archive_upload:commit", args=[batch.pk]))
    files = files_by_name(batch)
    assert files[OESTJYLLAND_2022].status == UploadFile.Status.FAILED
    assert files[OESTJYLLAND_2022].error.startswith("Filen blev importeret af en anden")
    assert files[NORDJYLLAND_2020].status == UploadFile.Status.IMPORTED
    assert list(Meeting.objects.values_list("council__name", flat=True)) == ["RAR Nordjylland"]
    batch.refresh_from_db()
    assert batch.status == UploadBatch.Status.DONE
    html = client.get(reverse("archive_upload:batch", args=[batch.pk])).content.decode()
    assert "Import fejlede" in html and "Prøv igen." in html


def _inside_one_transaction(function):
    from django.db import transaction

    def wrapped(**kwargs):
        with transaction.atomic():
            return function(**kwargs)

    return wrapped


def test_clicking_commit_twice_imports_once(admin):
    client = client_for(admin)
    upload(client, samples())
    batch = latest_batch()
    url = reverse("archive_upload:commit", args=[batch.pk])
    first, second = client.post(url, follow=True), client.post(url, follow=True)
    assert "Importen er startet" in first.content.decode()
    assert "Importen af uploaden var allerede startet; intet er importeret to gange." in (
        second.content.decode()
    )
    assert Meeting.objects.count() == 2 and ImportedDocument.objects.count() == 3


def test_a_file_job_run_twice_does_its_work_once(admin):
    upload(client_for(admin), samples())
    batch = latest_batch()
    with override_settings(TASKS=DUMMY_TASKS):
        assert upload_services.batch_commit(batch=batch, by=admin) is True
        assert upload_services.batch_commit(batch=batch, by=admin) is False
    first = batch.files.get(name=NORDJYLLAND_2020)
    assert upload_services.file_commit_run(file_id=first.pk) == UploadFile.Status.IMPORTED
    assert upload_services.file_commit_run(file_id=first.pk) == "skipped"
    assert Meeting.objects.count() == 1


def test_a_secretariat_cannot_import_another_councils_minutes_through_the_upload(secretary):
    client = client_for(secretary)
    upload(client, [sample_upload(NORDJYLLAND_2020), sample_upload(OESTJYLLAND_2022)])
    files = files_by_name(latest_batch())
    assert files[NORDJYLLAND_2020].status == UploadFile.Status.PARSED
    assert files[OESTJYLLAND_2022].status == UploadFile.Status.UNREADABLE
    assert files[OESTJYLLAND_2022].error == (
        "Kun sekretariatet for RAR Østjylland kan importere dets referater."
    )
    client.post(reverse("archive_upload:commit", args=[latest_batch().pk]))
    assert list(Meeting.objects.values_list("council__name", flat=True)) == ["RAR Nordjylland"]


# --- Discard ----------------------------------------------------------------------------------


def test_discard_leaves_nothing_behind(secretary):
    client = client_for(secretary)
    upload(client, [sample_upload(NORDJYLLAND_2020), sample_upload(WITHOUT_DATE)])
    batch = latest_batch()
    assert len(stored_files()) == 2
    response = client.post(reverse("archive_upload:discard", args=[batch.pk]), follow=True)
    assert "Uploaden er kasseret, og 2 filer er slettet." in response.content.decode()
    assert UploadBatch.objects.count() == 0 and UploadFile.objects.count() == 0
    assert stored_files() == []
    assert not (Path(django_settings.ARCHIVE_UPLOAD_ROOT) / f"batch-{batch.pk}").exists()
    assert Meeting.objects.count() == 0 and ImportedDocument.objects.count() == 0


def test_a_batch_being_imported_can_no_longer_be_discarded(admin):
    client = client_for(admin)
    upload(client, samples())
    batch = latest_batch()
    client.post(reverse("archive_upload:commit", args=[batch.pk]))
    response = client.post(reverse("archive_upload:discard", args=[batch.pk]), follow=True)
    assert "kan ikke længere kasseres" in response.content.decode()
    assert UploadBatch.objects.filter(pk=batch.pk).exists()
    assert len(stored_files()) == 3


# --- Progress ---------------------------------------------------------------------------------


@override_settings(TASKS=DUMMY_TASKS)
def test_while_files_are_read_the_page_shows_progress_and_polls(secretary):
    client = client_for(secretary)
    upload(client, samples())
    batch = latest_batch()
    html = client.get(reverse("archive_upload:batch", args=[batch.pk])).content.decode()
    assert '<label class="form-label" for="batch-progress">0 af 3 filer læst</label>' in html
    assert '<progress id="batch-progress" max="3" value="0">' in html
    assert 'role="status" aria-live="polite"' in html
    assert 'hx-trigger="load delay:2s"' in html
    assert '<meta http-equiv="refresh" content="5">' in html  # without JavaScript

    status_url = reverse("archive_upload:status", args=[batch.pk])
    unchanged = client.get(status_url, {"status": "parsing", "done": "0"}).content.decode()
    assert "hx-swap-oob" not in unchanged and "0 af 3 filer læst" in unchanged
    first = batch.files.order_by("position").first()
    upload_services.file_parse_run(file_id=first.pk)
    moved = client.get(status_url, {"status": "parsing", "done": "0"}).content.decode()
    assert '<p id="upload-live" hx-swap-oob="innerHTML">1 af 3 filer læst</p>' in moved
    assert 'hx-trigger="load delay:2s"' in moved

    for f in batch.files.all():
        upload_services.file_parse_run(file_id=f.pk)
    done = client.get(status_url, {"status": "parsing", "done": "1"}).content.decode()
    assert "Alle filer er læst. Rapporten er klar." in done
    assert "hx-trigger" not in done  # polling stops
    assert "Importér 2 filer" in done  # Østjylland is not this secretariat's to import


@override_settings(TASKS=DUMMY_TASKS)
def test_a_batch_nobody_works_on_says_the_worker_may_be_missing(secretary):
    client = client_for(secretary)
    upload(client, samples())
    batch = latest_batch()
    UploadBatch.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=2)
    )
    html = client.get(reverse("archive_upload:batch", args=[batch.pk])).content.decode()
    assert "Intet er sket endnu." in html and "raadsrum db_worker" in html
