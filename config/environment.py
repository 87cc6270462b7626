"""Which settings module runs, chosen by DJANGO_ENV; shared by manage.py, WSGI, ASGI and Celery."""

import os

from django.core.exceptions import ImproperlyConfigured

ENVIRONMENTS = ("local", "test", "production")


def use_settings_for_environment():
    """Point DJANGO_SETTINGS_MODULE at config.settings.<DJANGO_ENV> unless it is set explicitly."""
    if os.environ.get("DJANGO_SETTINGS_MODULE"):
        return
    name = os.environ.get("DJANGO_ENV", "local")
    if name not in ENVIRONMENTS:
        raise ImproperlyConfigured(
            f"DJANGO_ENV={name!r} is not one of {', '.join(ENVIRONMENTS)}."
        )
    os.environ["DJANGO_SETTINGS_MODULE"] = f"config.settings.{name}"
