"""The test suite: SQLite by default, PostgreSQL and Redis when DATABASE_URL/CELERY_BROKER_URL say so."""

from .base import *  # noqa: F401,F403
from .base import DATABASES, VAR_DIR

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: a real Celery worker started by a test must see the same database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
# The replica alias points at the test database itself (a test mirror), so that the replica path
# is exercised (tests/brigades/test_replica.py turns READ_REPLICA on); off for every other test.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
READ_REPLICA = None
MEDIA_ROOT = VAR_DIR / "test-media"
SENDFILE_ROOT = str(MEDIA_ROOT)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
# No cache between tests (each test's database starts over); a test of the caching asks for one.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
