"""The archive's background jobs, run by the worker (`raadsrum db_worker`).

Jobs go through Django's tasks framework (DEP 14; the `django-tasks` backport until Django
6.0, where the import becomes `django.tasks`) with the database-backed queue of
`django-tasks-db` (settings.TASKS). One job per file: a job is short, a worker stopped with
Ctrl+C finishes the file it is on, and several workers can share a batch.
Arguments are primary keys (jobs are stored as JSON); the work itself is in upload_services.
"""

from __future__ import annotations

from django_tasks import task

from raadsrum.archive import upload_services


@task()
def upload_file_parse(file_id: int) -> str:
    """Dry-run the import of one uploaded file and keep its report."""
    return upload_services.file_parse_run(file_id=file_id)


@task()
def upload_file_commit(file_id: int) -> str:
    """Import one uploaded file for real (its own transaction)."""
    return upload_services.file_commit_run(file_id=file_id)
