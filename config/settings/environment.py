"""Reading settings from the environment: every bad value stops start-up naming its variable."""

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default):
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    # environ would read any other word as False; a typo in DEBUG must not pass silently.
    raise ImproperlyConfigured(f"Environment variable {name}={raw!r} is not a boolean (use true/false).")


def env_int(name, default):
    raw = env.str(name, default=None)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"Environment variable {name}={raw!r} is not a whole number.") from None


def env_database(name, default):
    raw = env.str(name, default=default)
    message = (
        f"Environment variable {name} is not a database URL such as "
        f"postgres://user:password@host:5432/name or sqlite:////path/db.sqlite3."
    )
    try:
        config = environ.Env.db_url_config(raw)
    except Exception:
        raise ImproperlyConfigured(message) from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(message)
    return config


def env_required(name):
    raw = env.str(name, default="")
    if not raw:
        raise ImproperlyConfigured(f"Environment variable {name} is required in this environment.")
    return raw
