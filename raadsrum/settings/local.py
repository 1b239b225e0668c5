"""Local use on one machine (`make run`): plain HTTP on loopback, a fixed development key."""

from raadsrum.settings.base import *  # noqa: F403
from raadsrum.settings.env import env, env_bool

SECRET_KEY = env("SECRET_KEY", "local-development-key-not-for-production-use-0123456789abcdef")
DEBUG = env_bool("DEBUG", False)
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_PRELOAD = False
# Mails (hearing reminders) are printed, not sent, unless EMAIL_BACKEND says otherwise.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
