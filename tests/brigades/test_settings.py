"""Start-up refuses a missing or malformed environment variable, naming it; production passes --deploy."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=environment,
        capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize(
    "env, named",
    [
        ({"DATABASE_URL": "not-a-url"}, "DATABASE_URL"),
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DJANGO_ENV": "staging"}, "DJANGO_ENV"),
        ({"DJANGO_ENV": "production", "ALLOWED_HOSTS": "example.org"}, "SECRET_KEY"),
        ({"DJANGO_ENV": "production", "SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS"),
        ({"PORT": "eighty"}, "PORT"),
    ],
)
def test_a_bad_variable_stops_start_up_naming_it(env, named):
    result = manage("check", **env)
    assert result.returncode != 0
    assert named in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_ENV="production", SECRET_KEY="k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789" * 2,
        ALLOWED_HOSTS="traffic.example.org",
    )
    assert result.returncode == 0, result.stderr


def test_the_embedded_default_needs_no_server():
    assert settings.CELERY_BROKER_URL.startswith(("filesystem://", "redis://"))
    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ
    assert settings.LANGUAGE_CODE == "zh-hans"
