import io
import socket
import urllib.request

import pytest
from pypdf import PdfReader

from betterlives import pdf
from betterlives.pdf import static_path_for, static_url_fetcher
from tests.pdf_render import render_pdf

TINY = """{% extends "reports/base.html" %}
{% block title %}A tiny report{% endblock %}
{% block content %}
<h1 class="running-header">Hello from {{ name }}</h1>
<p>The quick brown fox jumps over the lazy dog.</p>
<img src="{% load static %}{% static 'images/faces/good.svg' %}" alt="A smiling face">
{% endblock %}
"""

HOSTILE = """{% extends "reports/base.html" %}
{% block title %}Hostile{% endblock %}
{% block head %}
<link rel="stylesheet" href="http://127.0.0.1:9/evil.css">
<style>
  @import url("https://example.org/evil.css");
  body { background: url(file:///etc/hostname); }
</style>
{% endblock %}
{% block content %}
<p>Nothing here leaves the building.</p>
<img src="https://example.org/x.png" alt="remote">
<img src="http://127.0.0.1:9/x.png" alt="local network">
<img src="file:///etc/passwd" alt="a local file">
<img src="/static/../../../../etc/passwd" alt="escaping the static folder">
<img src="ftp://example.org/x.png" alt="ftp">
<svg width="10" height="10"><image href="https://example.org/y.png" width="10" height="10"/></svg>
<img alt="inline"
  src="data:image/svg+xml;charset=utf-8,%3Csvg xmlns='http://www.w3.org/2000/svg' width='4'/%3E">
{% endblock %}
"""


@pytest.fixture
def report_templates(settings, tmp_path):
    (tmp_path / "tiny.html").write_text(TINY)
    (tmp_path / "hostile.html").write_text(HOSTILE)
    templates = [dict(settings.TEMPLATES[0])]
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    return tmp_path


@pytest.fixture
def no_network(monkeypatch):
    """Records (and blocks) every attempt to open a connection or a URL."""
    attempts = []

    def refuse_connect(self, address, *args, **kwargs):
        attempts.append(("connect", address))
        raise OSError("network use in a test")

    def refuse_create_connection(address, *args, **kwargs):
        attempts.append(("create_connection", address))
        raise OSError("network use in a test")

    real_open = urllib.request.OpenerDirector.open

    def spy_open(self, fullurl, *args, **kwargs):
        url = getattr(fullurl, "full_url", fullurl)
        attempts.append(("urlopen", url))
        return real_open(self, fullurl, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", refuse_connect)
    monkeypatch.setattr(socket, "create_connection", refuse_create_connection)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", spy_open)
    return attempts


def text_of(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_render_pdf_makes_a_tagged_pdf_with_title_language_and_our_font(report_templates):
    data = render_pdf("tiny.html", {"name": "Riverside"})
    assert data.startswith(b"%PDF")
    reader, text = text_of(data)
    assert "Hello from Riverside" in text
    assert "The quick brown fox jumps over the lazy dog." in text
    assert "Page 1 of 1" in text
    assert reader.metadata.title == "A tiny report"
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "en"
    fonts = {
        str(font.get_object()["/BaseFont"])
        for font in reader.pages[0]["/Resources"]["/Font"].values()
    }
    # The bundled Liberation Sans, under the family name pdf.css gives it.
    assert fonts and all("Better-Lives-Sans" in name for name in fonts)


def test_render_pdf_in_welsh_sets_the_language(report_templates):
    reader, text = text_of(render_pdf("tiny.html", {"name": "Caerdydd"}, language="cy"))
    assert reader.trailer["/Root"]["/Lang"] == "cy"
    assert "Hello from Caerdydd" in text


def test_user_text_is_escaped(report_templates):
    name = '<img src="file:///etc/passwd"> & <b>bold</b>'
    _reader, text = text_of(render_pdf("tiny.html", {"name": name}))
    assert 'Hello from <img src="file:///etc/passwd"> & <b>bold</b>' in text


def test_nothing_but_our_static_files_is_fetched(report_templates, no_network, caplog):
    data = render_pdf("hostile.html", {})
    refused = " ".join(r.getMessage() for r in caplog.records if "RefusedURL" in r.getMessage())
    for url in ("http://127.0.0.1:9/evil.css", "https://example.org/evil.css",
                "https://example.org/x.png", "http://127.0.0.1:9/x.png", "file:///etc/passwd",
                "ftp://example.org/x.png", "file:///etc/hostname", "https://example.org/y.png"):
        assert url in refused
    _reader, text = text_of(data)
    assert "Nothing here leaves the building." in text
    assert "root:" not in text
    assert not [a for a in no_network if a[0] != "urlopen"], no_network
    # Only the data: URL went through urllib (decoded in memory); no http, ftp or file URL.
    assert all(url.startswith("data:") for _kind, url in no_network), no_network


@pytest.mark.parametrize("url", [
    "https://example.org/x.png",
    "http://127.0.0.1:9/x.png",
    "ftp://example.org/x.png",
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    "file://example.org/static/images/faces/good.svg",
    "file:///static/../etc/passwd",
    "file:///static/%2e%2e/%2e%2e/etc/passwd",
    "file:///static/images/",
    "file:///dev/urandom",
    "javascript:alert(1)",
])
def test_the_fetcher_refuses_anything_else(url, no_network):
    assert static_path_for(url) is None
    with pytest.raises(pdf.RefusedURL):
        static_url_fetcher().fetch(url)
    assert no_network == []


def test_the_fetcher_serves_our_static_files(settings):
    fetcher = static_url_fetcher()
    for url in (
        "file:///static/images/faces/good.svg",
        f"file://{settings.BASE_DIR}/static/images/faces/good.svg",
    ):
        response = fetcher.fetch(url)
        assert response.content_type == "image/svg+xml"
        assert b"<svg" in response.read()
    css = fetcher.fetch("file:///static/css/pdf.css")
    assert css.content_type == "text/css"
    assert b"@font-face" in css.read()
    font = fetcher.fetch("file:///static/fonts/LiberationSans-Regular.ttf")
    assert len(font.read()) > 100_000


def test_the_font_licence_travels_with_the_font(settings):
    licence = (settings.BASE_DIR / "static" / "fonts" / "LICENSE-LiberationSans.txt").read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_collected_static_files_are_served_and_symlinks_out_are_not(settings, tmp_path):
    """After collectstatic, {% static %} names hashed files that only STATIC_ROOT has."""
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "pdf.0123abcd.css").write_text("p { color: black }")
    (tmp_path / "css" / "passwd.css").symlink_to("/etc/passwd")
    assert static_path_for("file:///static/css/pdf.0123abcd.css") == str(
        tmp_path / "css" / "pdf.0123abcd.css")
    assert static_path_for(f"file://{tmp_path}/css/pdf.0123abcd.css")
    assert static_path_for("file:///static/css/passwd.css") is None
    assert static_path_for(f"file://{tmp_path}/css/passwd.css") is None


def test_a_full_static_url_is_served_locally(settings):
    settings.STATIC_URL = "https://cdn.example.org/assets/"
    assert static_path_for("https://cdn.example.org/assets/images/faces/good.svg")
    assert static_path_for("file:///assets/images/faces/good.svg")
    assert static_path_for("https://cdn.example.org/elsewhere/x.svg") is None
