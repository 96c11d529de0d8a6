"""The printable workshop pack (PDF): the join sheet with the live vote's code and QR code,
one Easy Read card per domain, and an attendance page per group; in the language asked for;
for facilitators and contributors of the council only; made in the background (asked for,
then downloaded from its status page: tests/evaluations/documents.py)."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from betterlives.models import Role
from domains.models import Domain
from evaluations.models import Group, LiveVote
from evaluations.models.surveys import spaced_code
from evaluations.services.evaluations import evaluation_archive
from tests.evaluations.documents import fetch_document
from tests.factories import LiveVoteFactory, WorkshopFactory, member

from .helpers import words

pytestmark = pytest.mark.django_db

GROUPS = len(Group.choices)


@pytest.fixture
def workshop(evaluation):
    return WorkshopFactory(evaluation=evaluation, title="Spring workshop")


@pytest.fixture
def live_vote(workshop):
    return LiveVoteFactory(workshop=workshop, code="KMR427")


def pack_url(workshop):
    return reverse("evaluations:workshop_pack", kwargs={
        "council_slug": workshop.evaluation.council.slug, "pk": workshop.evaluation.pk,
        "workshop_pk": workshop.pk})


def pages(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, [words(page.extract_text()) for page in reader.pages]


def get_pack(client, user, workshop, query=""):
    client.force_login(user)
    return fetch_document(client, pack_url(workshop) + query)


def easy_read_sentences(domain, language):
    """The domain's Easy Read sentences in `language`, straightened as the PDF is read."""
    text = getattr(domain, f"easy_read_summary_{language}")
    return [words(sentence) for sentence in re.split(r"(?<=[.!?])\s+", text) if sentence]


def test_the_pack_has_a_join_page_a_card_per_domain_and_a_page_per_group(
        client, facilitator, live_vote, workshop):
    reply = get_pack(client, facilitator, workshop)
    assert reply["Content-Disposition"] == (
        'attachment; filename="better-lives-2026-spring-workshop-workshop-pack.pdf"')
    reader, texts = pages(reply.content)
    domains = list(Domain.objects.order_by("number"))
    assert len(domains) == 6
    assert len(texts) == 1 + len(domains) + GROUPS

    join = texts[0]
    assert "Vote on your phone" in join
    assert spaced_code("KMR427") in join
    assert "/v/KMR427/" in join  # the full link under the QR code
    assert "testserver/s/" in join  # the address to type the code at

    for domain, text in zip(domains, texts[1:1 + len(domains)], strict=True):
        assert f"Part {domain.number} of 6" in text
        for sentence in easy_read_sentences(domain, "en"):
            assert sentence in text
        assert "How well are we doing?" in text
        for label in ("Good", "Not sure", "Not good"):
            assert label in text
        assert domain.title not in text  # officer language stays off the cards
        assert "provisional" not in text.lower()

    for (_value, label), text in zip(Group.choices, texts[1 + len(domains):], strict=True):
        assert f"Who came: {label}" in text
        assert "Name or initials" in text


def test_the_pack_is_tagged_with_its_title_and_language(client, contributor, live_vote,
                                                        workshop):
    reader, _texts = pages(get_pack(client, contributor, workshop).content)
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.metadata.title == "Workshop pack: Spring workshop – Better Lives 2026"


def test_without_a_live_vote_the_join_page_says_how_to_start_one(client, facilitator,
                                                                  workshop):
    LiveVoteFactory(workshop=workshop, code="ENDED2", status=LiveVote.Status.ENDED)
    _reader, texts = pages(get_pack(client, facilitator, workshop).content)
    assert len(texts) == 1 + 6 + GROUPS
    assert "There is no live vote yet" in texts[0]
    assert "Start a live vote" in texts[0]
    assert "END ED2" not in texts[0] and "ENDED2" not in texts[0]


def test_the_newest_vote_that_has_not_ended_gives_the_code(client, facilitator, workshop):
    LiveVoteFactory(workshop=workshop, code="OLD234")
    LiveVoteFactory(workshop=workshop, code="NEW567")
    _reader, texts = pages(get_pack(client, facilitator, workshop).content)
    assert "NEW 567" in texts[0] and "OLD 234" not in texts[0]


def test_a_vote_prepared_ahead_gives_its_code_and_a_real_vote_beats_a_practice_one(
        client, facilitator, workshop):
    LiveVoteFactory(workshop=workshop, code="RDY234", status=LiveVote.Status.READY)
    LiveVoteFactory(workshop=workshop, code="PRA567", practice=True)
    _reader, texts = pages(get_pack(client, facilitator, workshop).content)
    assert "RDY 234" in texts[0] and "PRA 567" not in texts[0]


def test_a_welsh_pack_from_an_english_page_has_welsh_cards(client, facilitator, live_vote,
                                                           workshop):
    reply = get_pack(client, facilitator, workshop, "?language=cy")
    assert reply["Content-Language"] == "cy"
    assert reply["Content-Disposition"].endswith('-workshop-pack-cy.pdf"')
    reader, texts = pages(reply.content)
    assert reader.trailer["/Root"]["/Lang"] == "cy"
    assert len(texts) == 1 + 6 + GROUPS
    assert spaced_code("KMR427") in texts[0]
    for domain, text in zip(Domain.objects.order_by("number"), texts[1:7], strict=True):
        for sentence in easy_read_sentences(domain, "cy"):
            assert sentence in text
        # No English framework text: neither the English Easy Read nor either title.
        for sentence in easy_read_sentences(domain, "en"):
            assert sentence not in text
        assert domain.title_en not in text and domain.title_cy not in text
        assert "Da" in text.split()  # the faces' words


def test_an_english_pack_from_a_welsh_page(client, facilitator, live_vote, workshop):
    client.force_login(facilitator)
    client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    reader, texts = pages(fetch_document(client, pack_url(workshop) + "?language=en").content)
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert easy_read_sentences(Domain.objects.get(number=1), "en")[0] in texts[1]


def test_a_bad_language_gives_the_language_of_the_page(client, facilitator, live_vote,
                                                       workshop):
    client.force_login(facilitator)
    client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    reply = fetch_document(client, pack_url(workshop) + "?language=klingon")
    assert PdfReader(io.BytesIO(reply.content)).trailer["/Root"]["/Lang"] == "cy"
    assert reply["Content-Disposition"].endswith('-workshop-pack.pdf"')


# Who may print it ------------------------------------------------------------------------


def test_another_council_gets_404(client, outsider, live_vote, workshop):
    client.force_login(outsider)
    assert client.get(pack_url(workshop)).status_code == 404
    assert client.get(pack_url(workshop) + "?language=cy").status_code == 404


def test_a_workshop_of_another_evaluation_is_a_404(client, facilitator, workshop, council):
    other = WorkshopFactory(evaluation__council=council)
    client.force_login(facilitator)
    url = reverse("evaluations:workshop_pack", kwargs={
        "council_slug": council.slug, "pk": workshop.evaluation.pk, "workshop_pk": other.pk})
    assert client.get(url).status_code == 404


def test_a_board_viewer_may_not_print_it(client, board_viewer, workshop):
    client.force_login(board_viewer)
    assert client.get(pack_url(workshop)).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client, workshop):
    reply = client.get(pack_url(workshop))
    assert reply.status_code == 302
    assert reply["Location"].startswith(reverse("login"))


def test_an_archived_evaluation_still_prints(client, facilitator, live_vote, workshop):
    evaluation_archive(evaluation=workshop.evaluation)
    reader, _texts = pages(get_pack(client, facilitator, workshop).content)
    assert len(reader.pages) == 1 + 6 + GROUPS


# Made in the background, as the reports are ----------------------------------------------


def packs(workshop):
    from actionplans.models import Report

    return Report.objects.filter(evaluation=workshop.evaluation, kind="workshop_pack",
                                 workshop=workshop)


def test_asking_twice_makes_one_pack_and_downloads_the_same_pdf(
        client, facilitator, live_vote, workshop, monkeypatch):
    from actionplans.reports import services

    made = []
    real = services.html_to_pdf
    monkeypatch.setattr(services, "html_to_pdf", lambda html, **k: made.append(1) or real(html))
    first = get_pack(client, facilitator, workshop)
    second = get_pack(client, facilitator, workshop)
    assert first.content == second.content == bytes(packs(workshop).get().pdf)
    assert len(made) == 1
    # Another workshop has its own pack.
    other = WorkshopFactory(evaluation=workshop.evaluation, title="Autumn workshop")
    get_pack(client, facilitator, other)
    assert packs(workshop).count() == packs(other).count() == 1 and len(made) == 2


def test_a_new_live_vote_makes_a_new_pack(client, facilitator, live_vote, workshop):
    get_pack(client, facilitator, workshop)
    old = packs(workshop).get()
    live_vote.status = LiveVote.Status.ENDED
    live_vote.save()
    LiveVoteFactory(workshop=workshop, code="PQR789")
    _reader, texts = pages(get_pack(client, facilitator, workshop).content)
    assert spaced_code("PQR789") in texts[0]
    assert packs(workshop).get().pk != old.pk


def test_another_council_gets_404_for_the_made_pack(client, facilitator, outsider, live_vote,
                                                     workshop):
    get_pack(client, facilitator, workshop)
    report = packs(workshop).get()
    client.force_login(outsider)
    for name in ("workshop_pack_status", "workshop_pack_download"):
        url = reverse(f"evaluations:{name}", kwargs={
            "council_slug": workshop.evaluation.council.slug, "pk": workshop.evaluation.pk,
            "workshop_pk": workshop.pk, "report_pk": report.pk})
        assert client.get(url).status_code == 404, name
    other = WorkshopFactory(evaluation=workshop.evaluation)
    client.force_login(facilitator)
    url = reverse("evaluations:workshop_pack_download", kwargs={
        "council_slug": workshop.evaluation.council.slug, "pk": workshop.evaluation.pk,
        "workshop_pk": other.pk, "report_pk": report.pk})
    assert client.get(url).status_code == 404  # another workshop's address


# The link on the workshop page -------------------------------------------------------------


def workshop_page(client, user, workshop):
    client.force_login(user)
    return client.get(reverse("evaluations:workshop", kwargs={
        "council_slug": workshop.evaluation.council.slug, "pk": workshop.evaluation.pk,
        "workshop_pk": workshop.pk})).content.decode()


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.CONTRIBUTOR])
def test_the_workshop_page_offers_the_pack_in_each_language(client, council, workshop, role):
    page = workshop_page(client, member(role, council), workshop)
    url = pack_url(workshop)
    assert f'href="{url}"' in page
    assert f'href="{url}?language=en" hreflang="en"' in page
    assert f'href="{url}?language=cy" hreflang="cy"' in page


def test_the_workshop_page_has_no_pack_link_for_a_board_viewer(client, board_viewer, workshop):
    assert pack_url(workshop) not in workshop_page(client, board_viewer, workshop)
