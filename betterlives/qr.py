"""QR codes, drawn on the server with segno (no images, no requests to anyone else)."""

import segno
from django.utils.safestring import mark_safe

QR_DARK = "#0b0c0c"
QR_LIGHT = "#ffffff"


def _qr(url):
    return segno.make(url, error="m", micro=False)


def qr_svg(url, *, title):
    """The QR code for `url` as inline SVG, with role="img" and `title` as its name.

    segno escapes the title and writes nothing else from outside, so the markup is safe.
    """
    svg = _qr(url).svg_inline(
        scale=4, dark=QR_DARK, light=QR_LIGHT, title=title, omitsize=True,
        svgclass="bl-qr__image", lineclass=None,
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" focusable="false" ', 1))  # noqa: S308


def qr_data_uri(url):
    """The QR code as an SVG data: URI, for an <img> with alt text (PDFs need that)."""
    return _qr(url).svg_data_uri(scale=4, border=4, dark=QR_DARK)
