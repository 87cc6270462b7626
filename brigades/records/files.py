"""Uploaded files are records: stored through Django's STORAGES, named unguessably, and served only
by a view that first finds the record the file belongs to through `for_user` (another brigade and
anonymous users get the record's 404 or the login page). There is no public /media/ in any mode.

A model's file field is a `ProtectedFileField`; the model names the view that serves the file in
`file_view_name` (and, for photos, `thumbnail_view_name`). `field_file.url` then answers that view's
URL, so templates, the admin and the API can never hand out a storage address.

How the bytes leave: with files on the local disk, django-sendfile2 (`SENDFILE_BACKEND`): in
production nginx sends them (X-Accel-Redirect to an internal location) after Django's check; the
embedded default and the tests stream them from Django. With an object store (django-storages),
Django streams them from the store.
"""

import logging
import mimetypes
import secrets
from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.text import get_valid_filename
from django_sendfile import sendfile

logger = logging.getLogger(__name__)

THUMBNAIL_DIR = "thumbnails"


@deconstructible
class UnguessablePath:
    """upload_to: `<prefix>/<year>/<month>/<random>/<original name>`. The random part (128 bits)
    means a file's address says nothing about its record and cannot be guessed."""

    def __init__(self, prefix):
        self.prefix = prefix

    def __call__(self, instance, filename):
        name = get_valid_filename(PurePosixPath(filename).name)[-100:] or "file"
        today = timezone.localdate()
        return f"{self.prefix}/{today:%Y/%m}/{secrets.token_hex(16)}/{name}"

    def __eq__(self, other):
        return isinstance(other, UnguessablePath) and other.prefix == self.prefix


class ProtectedFieldFile(FieldFile):
    @property
    def url(self):
        self._require_file()
        return reverse(self.instance.file_view_name, args=[self.instance.pk])

    @property
    def thumbnail_url(self):
        self._require_file()
        view_name = getattr(self.instance, "thumbnail_view_name", None) or self.instance.file_view_name
        return reverse(view_name, args=[self.instance.pk])


class ProtectedFileField(models.FileField):
    """A FileField whose URL is the record's own file view (see the module's docstring)."""

    attr_class = ProtectedFieldFile

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)


# ---------------------------------------------------------------- sending the bytes


def local_path(storage, name):
    """The file's path on this machine's disk, or None when it lives in an object store."""
    if isinstance(storage, FileSystemStorage):
        return storage.path(name)
    return None


def file_response(request, field_file, *, name=None, download_name=None):
    """The response that sends `name` (default: the field's file) to a user Django has already
    let see the record."""
    storage = field_file.storage
    name = name or field_file.name
    download_name = download_name or PurePosixPath(name).name
    if not name or not storage.exists(name):
        raise Http404("file missing from storage")
    path = local_path(storage, name)
    if path is not None:
        response = sendfile(request, path, attachment_filename=download_name)
    else:
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        response = FileResponse(storage.open(name, "rb"), content_type=content_type, filename=download_name)
        response["Content-Disposition"] = response["Content-Disposition"].replace("attachment", "inline")
    # A record's file is private: no shared cache keeps it, the browser may.
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- thumbnails


def thumbnail_name(name):
    return f"{THUMBNAIL_DIR}/{name}.jpg"


def make_thumbnail(data, size):
    """JPEG bytes of the picture shrunk to fit `size`, or None when Pillow cannot read it (HEIC,
    a damaged file): the original is shown then."""
    from PIL import Image, ImageOps

    try:
        with Image.open(BytesIO(data)) as image:
            image.draft("RGB", size)  # JPEG decodes at a fraction of its size: fast and small
            image = ImageOps.exif_transpose(image)
            image.thumbnail(size)
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = BytesIO()
            image.save(out, format="JPEG", quality=80, optimize=True)
            return out.getvalue()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        logger.info("no thumbnail: %s", error)
        return None


def thumbnail(field_file):
    """The stored name of the file's thumbnail, made on first request and kept in the same storage
    (so every web server shares it), or None when the picture cannot be read."""
    storage = field_file.storage
    name = thumbnail_name(field_file.name)
    if storage.exists(name):
        return name
    with storage.open(field_file.name, "rb") as source:
        data = make_thumbnail(source.read(), settings.THUMBNAIL_SIZE)
    if data is None:
        return None
    saved = storage.save(name, ContentFile(data))
    if saved != name:  # another request made it meanwhile: keep theirs
        storage.delete(saved)
    return name
