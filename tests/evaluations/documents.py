"""Fetch a document made in the background (the paper questionnaire, the workshop pack) as a
person does: ask at its address, land on its status page, follow the download link.

With the immediate tasks backend (the tests' default) the file is made while it is asked
for, so the status page already offers the download."""

import re
from html import unescape


def status_page(client, url):
    """The status page that asking at `url` leads to (its response)."""
    asked = client.get(url)
    assert asked.status_code == 302, asked.status_code
    page = client.get(asked["Location"])
    assert page.status_code == 200, page.status_code
    return page


def download_url(page):
    """The download link on a status page."""
    found = re.search(r'href="([^"]+/download/[^"]*)"', page.content.decode())
    assert found, "the status page offers no download"
    return unescape(found[1])


def fetch_document(client, url):
    """The response that downloads the document asked for at `url`."""
    download = client.get(download_url(status_page(client, url)))
    assert download.status_code == 200, download.status_code
    assert download["Content-Type"] == "application/pdf"
    return download
