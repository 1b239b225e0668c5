"""A batch through the real database queue (django-tasks-db) and a real worker run.

The worker (`db_worker --batch`) runs in this process and stops when the queue is empty.
It opens and commits its own transactions, so this test uses `transactional_db`.
"""

from __future__ import annotations

import datetime as dt
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from raadsrum.archive.models import ImportedDocument
from raadsrum.archive.services import ImportStatus
from raadsrum.archive.tests.test_upload import (
    NORDJYLLAND_2020,
    OESTJYLLAND_2022,
    WITHOUT_DATE,
    samples,
)
from raadsrum.archive.upload_models import UploadBatch
from raadsrum.councils.services import reference_load
from raadsrum.meetings.models import Meeting

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queue(settings, tmp_path) -> Iterator[None]:
    settings.ARCHIVE_UPLOAD_ROOT = tmp_path / "uploads"
    with override_settings(TASKS=DATABASE_QUEUE):
        yield


def run_worker() -> None:
    """What `raadsrum db_worker` does, until the queue is empty. The worker takes over
    SIGINT/SIGTERM for a clean stop; pytest gets its own handlers back afterwards."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
        )
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


def test_a_batch_goes_through_the_database_queue_and_a_worker(
    transactional_db, words, queue
) -> None:
    reference_load()
    admin = User.objects.create_user("admin", password="pw", is_superuser=True)
    client = Client()
    client.force_login(admin)

    response = client.post(reverse("archive_upload:upload"), {"files": samples()})
    batch = UploadBatch.objects.get()
    page = reverse("archive_upload:batch", args=[batch.pk])
    assert response["Location"] == page
    # Queued, not run: three jobs wait in the database and the page says so.
    assert DBTaskResult.objects.ready().count() == 3
    assert batch.status == UploadBatch.Status.PARSING
    assert "0 af 3 filer læst" in client.get(page).content.decode()

    run_worker()
    assert DBTaskResult.objects.successful().count() == 3
    batch.refresh_from_db()
    assert batch.status == UploadBatch.Status.READY
    status = client.get(
        reverse("archive_upload:status", args=[batch.pk]), {"status": "parsing", "done": "0"}
    ).content.decode()
    assert "Alle filer er læst. Rapporten er klar." in status and "Importér 3 filer" in status
    assert Meeting.objects.count() == 0  # a dry run so far

    client.post(reverse("archive_upload:commit", args=[batch.pk]))
    client.post(reverse("archive_upload:commit", args=[batch.pk]))  # a double click
    assert DBTaskResult.objects.ready().count() == 3
    run_worker()
    assert DBTaskResult.objects.successful().count() == 6
    batch.refresh_from_db()
    assert batch.status == UploadBatch.Status.DONE
    assert {f.name: f.outcome for f in batch.files.all()} == {
        NORDJYLLAND_2020: ImportStatus.IMPORTED,
        WITHOUT_DATE: ImportStatus.NO_MEETING,
        OESTJYLLAND_2022: ImportStatus.IMPORTED,
    }
    assert sorted(Meeting.objects.values_list("council__slug", "date")) == [
        ("nordjylland", dt.date(2020, 6, 4)),
        ("oestjylland", dt.date(2022, 9, 29)),
    ]
    assert ImportedDocument.objects.count() == 3
    assert "3 af 3 filer importeret" in client.get(page).content.decode()
    assert all(Path(f.file.path).exists() for f in batch.files.all())
