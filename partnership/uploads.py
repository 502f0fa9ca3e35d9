"""Documents people upload (papers, consultation documents, evidence): checked by what the bytes are,
not by the name they were given, and kept to a size the partnership's storage and mail can carry."""

import re
import uuid
import zipfile
from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.deconstruct import deconstructible

PDF = "pdf"
# Office documents are zip files; the part each format must contain tells them apart.
OFFICE_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "odt": "content.xml"}
EXTENSIONS = [PDF, *OFFICE_PARTS]
MIME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}
ACCEPT = ",".join(f".{extension}" for extension in EXTENSIONS)


def validate_document(upload) -> None:
    """Refuses anything but a real PDF, DOCX, XLSX or ODT within the size limit; a good upload's
    content type is then the one its content proves, not the one the browser claimed."""
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in EXTENSIONS:
        raise ValidationError("The selected file must be a PDF, DOCX, XLSX or ODT", code="file_type")
    limit = settings.ACCORD_MAX_UPLOAD_MB
    if upload.size > limit * 1024 * 1024:
        raise ValidationError(f"The selected file must be smaller than {limit}MB", code="file_size")
    if not _contents_are(extension, upload):
        raise ValidationError(
            f"The selected file is not a real {extension.upper()} file: its contents are something else",
            code="file_content",
        )
    upload.content_type = MIME_TYPES[extension]


def _contents_are(extension: str, upload) -> bool:
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    if extension == PDF:
        return kind is not None and kind.mime == "application/pdf"
    try:
        with zipfile.ZipFile(upload) as archive:
            return OFFICE_PARTS[extension] in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


@deconstructible
class StoredName:
    """upload_to for documents: a name of ours under `folder`, keeping only the extension. A person's
    file name may be too long for the disk, or odd; theirs is kept beside it (see KeepsUploadNames)."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, record, filename: str) -> str:
        extension = Path(filename).suffix.lower()
        if not re.fullmatch(r"\.[a-z0-9]{1,8}", extension):
            extension = ""
        return f"{self.folder}/{timezone.now():%Y}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, StoredName) and other.folder == self.folder


NAME_BYTES = 255


def shortened(filename: str) -> str:
    """A person's file name cut to fit NAME_BYTES of UTF-8, keeping its extension."""
    filename = Path(filename).name
    if len(filename.encode()) <= NAME_BYTES:
        return filename
    stem, extension = Path(filename).stem, Path(filename).suffix[:16]
    room = NAME_BYTES - len(extension.encode())
    return stem.encode()[:room].decode(errors="ignore") + extension


class KeepsUploadNames:
    """A model whose documents are stored under StoredName: when a new upload is attached, the name
    it came with is kept in a field beside it, for the page and as the download's file name.
    `upload_names` maps each file field to the field that keeps its name."""

    upload_names: dict[str, str] = {}

    def save(self, *args, **kwargs):
        for file_field, name_field in self.upload_names.items():
            upload = getattr(self, file_field)
            if upload and not upload._committed:
                setattr(self, name_field, shortened(upload.name))
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], name_field}
        super().save(*args, **kwargs)


def serve_document(field_file, filename: str = "") -> FileResponse:
    """Sends a stored document, under the name it was uploaded with, to someone the calling view has
    already allowed to see it."""
    if not field_file:
        raise Http404("No document was uploaded.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The document's file is missing.") from missing
    return FileResponse(handle, as_attachment=True, filename=filename or Path(field_file.name).name)
