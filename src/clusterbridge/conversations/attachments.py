"""What a message may carry: a few document and image types, recognised by their content.

The name a file arrives with says what it claims to be; its first bytes must agree. A file
is served back only as a download (`Content-Disposition: attachment`, never sniffed), so even
an allowed type is never run by the browser.
"""

from __future__ import annotations

import codecs
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

ZIP = b"PK\x03\x04"
# Extension → (content type, the first bytes it must start with; None for text).
ALLOWED: dict[str, tuple[str, bytes | None]] = {
    "pdf": ("application/pdf", b"%PDF-"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ZIP,
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ZIP,
    ),
    "odt": ("application/vnd.oasis.opendocument.text", ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    "txt": ("text/plain; charset=utf-8", None),
    "csv": ("text/csv; charset=utf-8", None),
}
_SNIFF_BYTES = 4096


def extension(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def content_type(name: str) -> str:
    return ALLOWED.get(extension(name), ("application/octet-stream", None))[0]


def max_bytes() -> int:
    return int(settings.CONVERSATION_ATTACHMENT_MAX_MB) * 1024 * 1024


def check(upload: UploadedFile[bytes]) -> None:
    """Refuse a file that is too large, of a type not on the list, or whose content is not
    what its name says."""
    if upload.size is not None and upload.size > max_bytes():
        raise ValidationError(
            {
                "attachment": ValidationError(
                    _("The file is %(size)s MB; attachments may be at most %(max)s MB."),
                    code="too_large",
                    params={
                        "size": round(upload.size / 1024 / 1024, 1),
                        "max": settings.CONVERSATION_ATTACHMENT_MAX_MB,
                    },
                )
            }
        )
    allowed = ALLOWED.get(extension(upload.name or ""))
    if allowed is None or not _content_matches(upload, allowed[1]):
        raise ValidationError(
            {
                "attachment": ValidationError(
                    _(
                        "This type of file cannot be attached. Attach a PDF, an image (PNG or "
                        "JPEG), an office document (docx, xlsx, pptx, odt, ods) or a text or "
                        "CSV file."
                    ),
                    code="type",
                )
            }
        )


def _content_matches(upload: UploadedFile[bytes], magic: bytes | None) -> bool:
    upload.seek(0)
    head = bytes(upload.read(_SNIFF_BYTES))
    upload.seek(0)
    if magic is not None:
        return head.startswith(magic)
    if b"\x00" in head:
        return False
    try:
        # Not final: the sniffed bytes may end inside a character.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True
