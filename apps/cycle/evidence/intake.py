"""Checking a file on the way in: its type from its content (never its name), a size limit
per kind, and photos re-encoded without their metadata.

Photos show pupils, who are minors: a photo's EXIF (GPS location, device, time, owner) is
never stored. Pillow decodes the image and writes a new JPEG or PNG from the pixels only,
turned upright first (so dropping the orientation tag does not tip it over); that takes well
under a second for a phone photo, so it happens in the request, before anything is stored.
A video is not re-encoded (no encoder here, and it would hold a web worker for minutes): it
was streamed to a temporary file by Django's upload handler and is moved into place as is.
"""

import io
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from apps.cycle.common import CycleError
from apps.cycle.models import EvidenceKind

# Types accepted, by what the content says they are: MIME type -> (kind, extension).
ACCEPTED = {
    "application/pdf": (EvidenceKind.DOCUMENT, "pdf"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        EvidenceKind.DOCUMENT,
        "docx",
    ),
    "application/vnd.oasis.opendocument.text": (EvidenceKind.DOCUMENT, "odt"),
    "image/jpeg": (EvidenceKind.PHOTO, "jpg"),
    "image/png": (EvidenceKind.PHOTO, "png"),
    "image/webp": (EvidenceKind.PHOTO, "jpg"),  # re-encoded as JPEG
    "video/mp4": (EvidenceKind.VIDEO, "mp4"),
    "video/quicktime": (EvidenceKind.VIDEO, "mov"),
    "video/webm": (EvidenceKind.VIDEO, "webm"),
    "video/x-m4v": (EvidenceKind.VIDEO, "m4v"),
}
THUMBNAIL_SIZE = (320, 320)
# Decompression bombs: a photo of more pixels than this is refused, not decoded.
MAX_PIXELS = 60_000_000


def size_limit(kind: str) -> int:
    """The largest file of this kind, in bytes (settings.EVIDENCE_MAX_MB_*)."""
    megabytes = {
        EvidenceKind.DOCUMENT: settings.EVIDENCE_MAX_MB_DOCUMENT,
        EvidenceKind.PHOTO: settings.EVIDENCE_MAX_MB_PHOTO,
        EvidenceKind.VIDEO: settings.EVIDENCE_MAX_MB_VIDEO,
    }[kind]
    return megabytes * 1024 * 1024


@dataclass
class Checked:
    """A file that passed: what to store, under which extension, and a thumbnail for
    photos (the dossier's list shows it)."""

    kind: str
    content_type: str
    extension: str
    content: File
    size: int
    thumbnail: ContentFile | None = None


def _head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    return head


def check_upload(upload) -> Checked:
    """The upload, checked; a CycleError in plain Dutch says what is wrong with it."""
    if not upload.size:
        raise CycleError(_("Het bestand is leeg."))
    guess = filetype.guess(_head(upload))
    if guess is None or guess.mime not in ACCEPTED:
        raise CycleError(
            _(
                "Dit bestandstype kan niet: upload een lesvoorbereiding als pdf, docx of odt, "
                "een foto als jpg, png of webp, of een video als mp4, mov of webm."
            )
        )
    kind, extension = ACCEPTED[guess.mime]
    limit = size_limit(kind)
    if upload.size > limit:
        raise CycleError(
            _("Dit bestand is te groot: %(kind)s mag hoogstens %(mb)s MB zijn.")
            % {"kind": EvidenceKind(kind).label.lower(), "mb": limit // (1024 * 1024)}
        )
    if kind == EvidenceKind.PHOTO:
        return _photo(upload, guess.mime)
    return Checked(kind, guess.mime, extension, upload, upload.size)


def _photo(upload, mime: str) -> Checked:
    """The photo's pixels in a new file: no EXIF, no XMP, no comments."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise CycleError(_("Deze foto is te groot om te verwerken; verklein hem eerst."))
            image = ImageOps.exif_transpose(image)
            keep_alpha = mime == "image/png" and image.mode in ("RGBA", "LA", "P")
            image = image.convert("RGBA" if keep_alpha else "RGB")
            thumbnail = image.copy()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise CycleError(_("Deze foto is beschadigd of kan niet worden gelezen.")) from exc
    out = io.BytesIO()
    if keep_alpha:
        image.save(out, format="PNG", optimize=True)
        content_type, extension = "image/png", "png"
    else:
        image.save(out, format="JPEG", quality=88)
        content_type, extension = "image/jpeg", "jpg"
    thumbnail.thumbnail(THUMBNAIL_SIZE)
    small = io.BytesIO()
    thumbnail.convert("RGB").save(small, format="JPEG", quality=80)
    data = out.getvalue()
    return Checked(
        EvidenceKind.PHOTO,
        content_type,
        extension,
        ContentFile(data),
        len(data),
        ContentFile(small.getvalue()),
    )
