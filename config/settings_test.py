"""The test suite's settings (pytest's DJANGO_SETTINGS_MODULE): Accord's own, with a fast password
hasher and e-mail kept in memory. Processes the tests start as production would (gunicorn, the worker,
`make run`) are not given these: they use config.settings, or settings of their own."""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
