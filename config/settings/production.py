"""Production: PostgreSQL, Redis, gunicorn; every secret from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .environment import env, env_bool, env_int, env_required

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Environment variable ALLOWED_HOSTS is required in production.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Administrators and detachment leaders must log in with a second factor (等级保护: 双因素).
OTP_REQUIRED_ROLES = env.list("OTP_REQUIRED_ROLES", default=["admin", "detachment_leader"])

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files on an S3-compatible object store (MinIO, Ceph, a cloud's), shared by several web
# servers: django-storages, with boto3 installed from requirements/s3.txt. Django streams the bytes
# from the store after the brigade check; the bucket stays private (no public or signed links).
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_required("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env_required("S3_ACCESS_KEY"),
            "secret_key": env_required("S3_SECRET_KEY"),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"Environment variable MEDIA_STORAGE={MEDIA_STORAGE!r} is not filesystem or s3.")

# Files on local disk leave through the web server once Django has checked the record:
# nginx (X-Accel-Redirect to the internal location SENDFILE_URL, an alias of MEDIA_ROOT),
# Apache (X-Sendfile), or Django itself (simple: no web server in front).
SENDFILE_BACKENDS = {
    "nginx": "django_sendfile.backends.nginx",
    "xsendfile": "django_sendfile.backends.xsendfile",
    "simple": "django_sendfile.backends.simple",
}
SEND_FILES_WITH = env.str("SEND_FILES_WITH", default="nginx")
if SEND_FILES_WITH not in SENDFILE_BACKENDS:
    raise ImproperlyConfigured(f"Environment variable SEND_FILES_WITH={SEND_FILES_WITH!r} is not one of {', '.join(SENDFILE_BACKENDS)}.")
SENDFILE_BACKEND = SENDFILE_BACKENDS[SEND_FILES_WITH]
SENDFILE_URL = env.str("SENDFILE_URL", default="/protected-media")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
