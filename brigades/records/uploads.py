"""Uploads are bounded before anything reads them.

- A request whose declared body is larger than UPLOAD_MAX_REQUEST_BYTES is refused (400) before its
  body is read at all.
- A file larger than UPLOAD_MAX_FILE_BYTES is not stored: the rest of its bytes are counted and
  dropped, and the form gets an empty file of the counted size, which `MaxUploadSize` refuses with
  a clear message (instead of "this field is required").
- Every file field carries `MaxUploadSize` with its own cap (photos, spreadsheets), checked on the
  size Django already knows, before a validator or an importer opens the file.
"""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


def megabytes(size):
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


@deconstructible
class MaxUploadSize:
    """A file field's size cap: the setting it names (so a deployment changes the number, not a
    migration), read when a file is checked."""

    message = _("The file is %(size)s MB; at most %(limit)s MB can be uploaded here.")
    code = "file_too_large"

    def __init__(self, setting_name):
        self.setting_name = setting_name

    def __call__(self, upload):
        limit = getattr(settings, self.setting_name)
        if isinstance(upload, OversizedUpload):  # its bytes were not kept: always refused
            limit = min(limit, settings.UPLOAD_MAX_FILE_BYTES)
        size = getattr(upload, "size", None)
        if size is not None and size > limit:
            raise ValidationError(self.message, code=self.code, params={"size": megabytes(size), "limit": megabytes(limit)})

    def __eq__(self, other):
        return isinstance(other, MaxUploadSize) and other.setting_name == self.setting_name


class OversizedUpload(UploadedFile):
    """What is left of a file that was too large to keep: its name and counted size, no content."""

    def __init__(self, name, content_type, size, charset, content_type_extra=None):
        super().__init__(BytesIO(b""), name, content_type, size, charset, content_type_extra)


class BoundedUploadHandler(FileUploadHandler):
    """The first upload handler (settings.FILE_UPLOAD_HANDLERS): see the module's docstring."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > settings.UPLOAD_MAX_REQUEST_BYTES:
            raise RequestDataTooBig(f"Upload of {content_length} bytes exceeds UPLOAD_MAX_REQUEST_BYTES.")

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.oversized = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_FILE_BYTES:
            self.oversized = True
            return None  # the handlers after this one keep nothing more of this file
        return raw_data

    def file_complete(self, file_size):
        if self.oversized:
            return OversizedUpload(self.file_name, self.content_type, self.received, self.charset, self.content_type_extra)
        return None  # the next handler (memory or temporary file) gives the file
