"""Profile photos: whatever is uploaded is decoded, checked and written anew as a small JPEG.

Re-encoding from the decoded pixels drops every byte of the upload that is not the picture:
EXIF (with its GPS position), XMP, ICC profiles, comments and anything appended to the file.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Larger pictures are refused before decoding (a small file can claim a huge canvas).
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
SIDE = 512


def _refuse(message: str | StrPromise) -> ValidationError:
    return ValidationError({"photo": ValidationError(message, code="invalid_photo")})


def reencode(upload: UploadedFile[bytes]) -> ContentFile[bytes]:
    """The upload as a JPEG of at most SIDE×SIDE pixels, upright, without metadata.

    Refuses (ValidationError on "photo") a file over MAX_UPLOAD_BYTES, one that is no JPEG,
    PNG or WebP picture whatever its name says, and one larger than MAX_PIXELS.
    """
    if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        raise _refuse(_("The photo is larger than 5 MB. Choose a smaller file."))
    try:
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise _refuse(_("The photo must be a JPEG, PNG or WebP picture."))
            if image.width * image.height > MAX_PIXELS:
                raise _refuse(_("The photo has too many pixels. Choose a smaller picture."))
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        raise _refuse(_("This file is not a picture we can read.")) from None
    picture = upright.convert("RGB")
    picture.thumbnail((SIDE, SIDE))
    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=85, optimize=True)
    return ContentFile(output.getvalue(), name="photo.jpg")
