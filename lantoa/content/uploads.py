"""What editors may upload: document and image forms that check extension, real content and size, in Vietnamese."""

import os
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of legacy .doc and .xls files
_ZIP = b"PK\x03\x04"
_OPEN_DOCUMENT_TYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
_OFFICE_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_HEAD = 8192


def _zip_names(file) -> list[str] | None:
    try:
        with zipfile.ZipFile(file) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _zip_member(file, name: str, size: int) -> bytes | None:
    try:
        with zipfile.ZipFile(file) as archive, archive.open(name) as member:
            return member.read(size)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None


def content_matches_extension(file, extension: str) -> bool:
    """Whether the bytes of `file` are what its extension claims; a renamed program never passes."""
    file.seek(0)
    head = file.read(_HEAD)
    file.seek(0)
    try:
        if extension == "pdf":
            return head.startswith(b"%PDF")
        if extension in ("doc", "xls"):
            return head.startswith(_OLE2)
        if extension in _OFFICE_FOLDERS:
            names = _zip_names(file) if head.startswith(_ZIP) else None
            return bool(names) and any(name.startswith(_OFFICE_FOLDERS[extension]) for name in names)
        if extension in _OPEN_DOCUMENT_TYPES:
            if not head.startswith(_ZIP):
                return False
            return _zip_member(file, "mimetype", 100) == _OPEN_DOCUMENT_TYPES[extension]
        if extension in ("txt", "csv"):
            # Plain text has no NUL bytes and no signature of a known binary format.
            return b"\x00" not in head and filetype.guess(head) is None
        return False
    finally:
        file.seek(0)


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing files whose extension or content is not allowed, or that are too big."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].error_messages["file_too_large"] = _(
                "Tệp quá lớn (%(file_size)s). Dung lượng tối đa là %(max_filesize)s."
            )
            self.fields["file"].error_messages["file_too_large_unknown_size"] = _(
                "Tệp quá lớn. Dung lượng tối đa là %(max_filesize)s."
            ) % {"max_filesize": filesizeformat(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)}

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if not isinstance(file, UploadedFile):
            return file  # no new upload: the document keeps the file it has
        extension = os.path.splitext(file.name)[1].lower().lstrip(".")
        allowed = [ext.lower() for ext in settings.WAGTAILDOCS_EXTENSIONS]
        if extension not in allowed:
            raise ValidationError(
                _("Không nhận tệp “.%(extension)s”. Chỉ nhận các loại: %(allowed)s.")
                % {"extension": extension[:20], "allowed": ", ".join(allowed)},
                code="invalid_extension",
            )
        if not content_matches_extension(file, extension):
            raise ValidationError(
                _("Nội dung tệp không đúng với đuôi “.%(extension)s”. Hãy tải lên đúng tệp gốc.")
                % {"extension": extension},
                code="content_mismatch",
            )
        return file

    def _update_errors(self, errors):
        # The document model repeats the extension check in English; ours has already said it in Vietnamese.
        if self.has_error("file") and hasattr(errors, "error_dict"):
            errors.error_dict.pop("file", None)
        super()._update_errors(errors)


class ImageForm(BaseImageForm):
    """Wagtail's image form (which already checks format and size) with its messages in Vietnamese."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is None:
            return
        formats = ", ".join(field.allowed_image_extensions).upper()
        max_size = filesizeformat(field.max_upload_size)
        field.error_messages.update(
            {
                "invalid_image_extension": _("Không phải định dạng ảnh được nhận. Chỉ nhận: %(formats)s.")
                % {"formats": formats},
                "invalid_image_known_format": _(
                    "Không phải ảnh .%(extension)s hợp lệ: đuôi tệp không khớp với định dạng thật (%(image_format)s)."
                ),
                "invalid_image": _("Tệp tải lên không phải là ảnh hoặc ảnh bị hỏng."),
                "file_too_large": _("Tệp quá lớn (%(file_size)s). Dung lượng tối đa là %(max_filesize)s."),
                "file_too_large_unknown_size": _("Tệp quá lớn. Dung lượng tối đa là %(max_filesize)s.")
                % {"max_filesize": max_size},
                "file_too_many_pixels": _("Ảnh có quá nhiều điểm ảnh (%(num_pixels)s). Tối đa %(max_pixels_count)s."),
            }
        )
