"""A council's recording of a person reading a question or page (domains.recordings), served
from the database because nothing serves media/. Browsers ask for byte ranges to seek in
audio, so a single "Range: bytes=..." request gets its part with 206."""

import re

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from domains.recordings import recording_audio

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def byte_range(header, total):
    """(start, end) inclusive for a single-range Range header, None to send everything (no
    header, or one we do not understand, which RFC 9110 lets us ignore), or "unsatisfiable"."""
    match = RANGE.match((header or "").strip())
    if not match or not (match[1] or match[2]):
        return None
    if match[1]:
        start = int(match[1])
        end = min(int(match[2]), total - 1) if match[2] else total - 1
        if match[2] and int(match[2]) < start:
            return None
    else:  # the last N bytes
        length = int(match[2])
        if length == 0:
            return "unsatisfiable"
        start, end = max(total - length, 0), total - 1
    if start >= total:
        return "unsatisfiable"
    return start, end


def ranged_response(request, data, content_type):
    """`data` whole (200) or the part a Range header asks for (206, or 416 when it is past the
    end), always saying that ranges are accepted."""
    total = len(data)
    wanted = byte_range(request.headers.get("Range"), total)
    if wanted == "unsatisfiable":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{total}"
    elif wanted is None:
        response = HttpResponse(data, content_type=content_type)
    else:
        start, end = wanted
        response = HttpResponse(data[start:end + 1], content_type=content_type, status=206)
        response["Content-Range"] = f"bytes {start}-{end}/{total}"
    response["Accept-Ranges"] = "bytes"
    response["Content-Length"] = str(len(response.content))
    return response


@require_safe
def council_recording(request, pk):
    """Public, like the survey pages that play it."""
    recording = recording_audio(pk)
    response = ranged_response(request, bytes(recording.audio), recording.content_type)
    response["Cache-Control"] = "public, max-age=3600"
    response["Content-Disposition"] = "inline"
    return response
