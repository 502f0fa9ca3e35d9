"""Documents people upload (papers, consultation documents, evidence): checked by what the bytes are,
not by the name they were given, and kept to a size the partnership's storage and mail can carry."""

import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404

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


def serve_document(field_file) -> FileResponse:
    """Sends a stored document to someone the calling view has already allowed to see it."""
    if not field_file:
        raise Http404("No document was uploaded.")
    return FileResponse(
        field_file.open("rb"), as_attachment=True, filename=field_file.name.rsplit("/", 1)[-1]
    )
