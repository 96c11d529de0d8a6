"""One way to make a PDF: a template under templates/reports/, rendered by WeasyPrint.

Every PDF the service makes goes through `html_to_pdf_here` (the reports, the paper
questionnaire and the workshop pack through actionplans/reports, in a child process), so
every PDF is tagged (PDF/UA-1), has a title and a language, uses the bundled Liberation Sans
font and our own print stylesheet (static/css/pdf.css), and fetches nothing but our own static
files.

Templates link their stylesheet and pictures with `{% static %}` as web pages do. The document's
base URL is `file:///static/` (STATIC_URL as a file: URL): a name for "our static files", not a
folder on disk. The URL fetcher answers such URLs, and file: URLs inside the folders Django's
static file finders search (or STATIC_ROOT), from those files. It refuses everything else —
http(s), ftp, other file: paths — without opening a connection or a file. data: URLs are
allowed: they are inside the document already.
"""

import mimetypes
import os
from functools import cache
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation

PDF_VARIANT = "pdf/ua-1"
MAX_STATIC_FILE_BYTES = 5 * 1024 * 1024


class RefusedURL(ValueError):
    """The PDF asked for something that is not one of our static files."""


def _static_url_path():
    """STATIC_URL's path, e.g. "/static/", whether STATIC_URL is a path or a full URL."""
    path = urlsplit(settings.STATIC_URL).path or "/"
    path = path if path.startswith("/") else "/" + path
    return path if path.endswith("/") else path + "/"


def base_url():
    """The document's base URL: root-relative and relative URLs resolve to our static files."""
    return "file://" + _static_url_path()


def _static_roots():
    """Every folder our static files come from, resolved."""
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(os.path.realpath(location))
    if settings.STATIC_ROOT:
        roots.append(os.path.realpath(settings.STATIC_ROOT))
    return roots


def _inside_static(path):
    """The resolved path if it is a regular file inside one of our static folders, else None."""
    real = os.path.realpath(path)
    if not os.path.isfile(real):  # no folders, devices or fifos (/dev/urandom)
        return None
    for root in _static_roots():
        if os.path.commonpath([real, root]) == root:
            return real
    return None


def _find(relative):
    """A static file by its name under STATIC_URL, as the finders or collectstatic put it."""
    relative = relative.lstrip("/")
    if not relative or "\x00" in relative:
        return None
    try:
        found = finders.find(relative)
        if not found:
            # Hashed names ({% static %} with ManifestStaticFilesStorage) exist only in
            # STATIC_ROOT, after collectstatic.
            found = staticfiles_storage.path(relative)
    except (SuspiciousFileOperation, NotImplementedError, ValueError):
        return None
    return _inside_static(found) if found else None


def static_path_for(url):
    """The file on disk that `url` names, if it is one of our static files; else None."""
    if not isinstance(url, str):
        return None
    static_url = settings.STATIC_URL
    if urlsplit(static_url).scheme and url.startswith(static_url):
        return _find(unquote(urlsplit(url[len(static_url):]).path))
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = url2pathname(unquote(parts.path))
    prefix = _static_url_path()
    if path.startswith(prefix):
        found = _find(path[len(prefix):])
        if found:
            return found
    return _inside_static(path)


def _content_type(path):
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type == "image/svg+xml":
        content_type += "; charset=utf-8"
    return content_type


@cache
def _fetcher_class():
    # WeasyPrint is imported when the first PDF is made, not when Django starts.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesURLFetcher(URLFetcher):
        """WeasyPrint 68+ fetchers are URLFetcher subclasses overriding `fetch`."""

        def __init__(self):
            super().__init__(
                timeout=5, allowed_protocols=("file", "data"), allow_redirects=False,
                fail_on_errors=False,
            )

        def fetch(self, url, headers=None):
            if isinstance(url, str) and url[:5].lower() == "data:":
                return super().fetch(url, headers)  # decoded in memory, nothing fetched
            path = static_path_for(url)
            if path is None or os.path.getsize(path) > MAX_STATIC_FILE_BYTES:
                raise RefusedURL(f"Not one of our static files: {str(url)[:120]}")
            with open(path, "rb") as file:
                body = file.read()
            return URLFetcherResponse(url, body, {"Content-Type": _content_type(path)})

    return StaticFilesURLFetcher


def static_url_fetcher():
    """A new URL fetcher for one render (WeasyPrint fetchers hold per-request state)."""
    return _fetcher_class()()


def html_to_pdf_here(html):
    """(PDF bytes, number of pages) for a document's HTML, in this process: the one place
    WeasyPrint is called (actionplans/reports/render.py calls it in a child process)."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    document = HTML(string=html, base_url=base_url(), url_fetcher=static_url_fetcher()).render(
        font_config=FontConfiguration(), pdf_variant=PDF_VARIANT)
    return document.write_pdf(pdf_variant=PDF_VARIANT), len(document.pages)
