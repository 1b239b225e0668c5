"""Settings shared by every environment. Values that differ come from the environment.

Production is the default: DEBUG is off and SECRET_KEY must be given unless a
local or test settings module is chosen.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from raadsrum.settings.env import env, env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env("RAADSRUM_DATA_DIR", str(BASE_DIR.parent / "var")))

SECRET_KEY = env("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "raadsrum.core",
    "raadsrum.councils",
    "raadsrum.meetings",
    "raadsrum.archive",
    "raadsrum.cases",
    "raadsrum.positivelist",
    "raadsrum.monitoring",
]

MIDDLEWARE = [
    "raadsrum.core.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "raadsrum.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "raadsrum.urls"
WSGI_APPLICATION = "raadsrum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "raadsrum.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'raadsrum.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer commits; the busy timeout makes a
    # second writer wait instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Attachments: what a secretariat uploads to an agenda item.
ATTACHMENT_MAX_BYTES = int(env("ATTACHMENT_MAX_BYTES", str(25 * 1024 * 1024)))
# The archive's web upload (archive.upload): files wait in a private folder (never served)
# until the secretariat commits or discards the batch.
ARCHIVE_UPLOAD_ROOT = Path(env("ARCHIVE_UPLOAD_ROOT", str(DATA_DIR / "uploads")))
ARCHIVE_UPLOAD_MAX_BYTES = int(env("ARCHIVE_UPLOAD_MAX_BYTES", str(50 * 1024 * 1024)))
ARCHIVE_UPLOAD_MAX_FILES = 100  # Django's DATA_UPLOAD_MAX_NUMBER_FILES (100) per request

# Background work (the archive upload's parsing and importing) goes through Django's tasks
# framework (DEP 14; the django-tasks backport) with a database-backed queue: the jobs are
# rows in the project's own database, SQLite or PostgreSQL, so no extra server is needed.
# `raadsrum serve` starts the worker (`raadsrum db_worker`) beside the web server.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# E-mail (the case committee's hearing reminders, `raadsrum cases-reminders`). Django's own
# default is SMTP on localhost:25; local settings print mails to the console instead, and
# tests keep them in memory (django.core.mail.outbox).
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "raadsrum@localhost")
# Members who have not answered a written hearing are reminded this many days before its
# deadline (raadsrum.cases.selectors.hearing_reminders_due).
CASES_HEARING_REMINDER_DAYS = int(env("CASES_HEARING_REMINDER_DAYS", "2"))

# Public labour-market statistics (`raadsrum fetch-statistics`): Statistics Denmark's StatBank
# API needs no key; Jobindsats (STAR) wants its personal API key in the Authorization header.
STATBANK_URL = env("STATBANK_URL", "https://api.statbank.dk/v1")
JOBINDSATS_URL = env("JOBINDSATS_URL", "https://api.jobindsats.dk/v2")
JOBINDSATS_TOKEN = env("JOBINDSATS_TOKEN", "")
STATISTICS_FETCH_TIMEOUT = float(env("STATISTICS_FETCH_TIMEOUT", "30"))

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50
