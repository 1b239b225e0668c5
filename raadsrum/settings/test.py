"""Tests: the same apps and middleware, fast hashing, files in a temporary folder."""

import tempfile
from pathlib import Path

from raadsrum.settings.local import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="raadsrum-test-media-"))
# WhiteNoise serves from the finders in tests; an existing (empty) root keeps it quiet.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="raadsrum-test-static-"))
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ARCHIVE_UPLOAD_ROOT = Path(tempfile.mkdtemp(prefix="raadsrum-test-uploads-"))
# Background tasks run at once, in the test's own thread and transaction; the one test
# that goes through the real database queue and worker overrides this.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# What the test runner sets anyway; explicit, so nothing run under these settings mails anyone.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The demo's synthetic statistics (~190,000 figures) are loaded only by the tests that are
# about them (raadsrum/monitoring/tests/test_demo_statistics.py switches them on).
MONITORING_DEMO_STATISTICS = False
