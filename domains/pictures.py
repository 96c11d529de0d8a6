"""Checks on a picture a site administrator uploads for a council's survey question.

Only PNG and JPEG are accepted, judged by what the file really contains, not by its name.
SVG is refused because an SVG file can carry scripts and links. Every accepted picture is
opened and saved again by Pillow, which drops anything hidden in the file (camera and
location metadata, data appended after the picture) and makes it no bigger than needed.
"""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse "decompression bombs" long before they fill the memory
MAX_SIDE = 600  # pictures show at about 120 CSS px; 600 is sharp on any screen
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
EXTENSIONS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}

SVG_REFUSED = _(
    "SVG pictures cannot be uploaded, because an SVG file can contain scripts. "
    "Save the picture as a PNG or JPEG file and upload that."
)
NOT_A_PICTURE = _(
    "This file is not a PNG or JPEG picture, whatever its name says. "
    "Open it in a picture editor, save it as PNG or JPEG, and upload it again."
)


def _looks_like_svg(head):
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in text


def checked_picture(upload):
    """The upload as (bytes, content type) once it is known to be a PNG or JPEG picture.

    Raises ValidationError with a message a site administrator can act on."""
    name = (getattr(upload, "name", "") or "").lower()
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The picture must be smaller than 5 MB."), code="too_big")
    data = upload.read()
    if name.endswith((".svg", ".svgz")) or _looks_like_svg(data[:1024]):
        raise ValidationError(SVG_REFUSED, code="svg")
    extension = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if extension not in EXTENSIONS:
        raise ValidationError(
            _("The file name must end in .png, .jpg or .jpeg."), code="extension"
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            real_format = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as error:
        raise ValidationError(NOT_A_PICTURE, code="not_a_picture") from error
    if real_format not in FORMATS:
        raise ValidationError(NOT_A_PICTURE, code="not_a_picture")
    if real_format != EXTENSIONS[extension]:
        raise ValidationError(
            _("The file name says %(named)s but the file is really a %(real)s picture. "
              "Rename it or save it again as %(named)s.")
            % {"named": EXTENSIONS[extension], "real": real_format},
            code="mismatch",
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(_("The picture is too large. Make it smaller first."),
                              code="too_many_pixels")
    return _saved_again(data, real_format), FORMATS[real_format]


def _saved_again(data, real_format):
    with Image.open(io.BytesIO(data)) as picture:
        picture.load()
        picture.thumbnail((MAX_SIDE, MAX_SIDE))
        if real_format == "JPEG" and picture.mode not in ("RGB", "L"):
            picture = picture.convert("RGB")
        out = io.BytesIO()
        picture.save(out, format=real_format, optimize=True)
    return out.getvalue()
