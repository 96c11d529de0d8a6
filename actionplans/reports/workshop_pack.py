"""The printable workshop pack: how to join the live vote on a phone, one Easy Read card per
domain, and an attendance sheet for each group.

`site` is the address the printed links point at (scheme and host, from the request that
asked for the pack): the document is made in the background, without a request.
"""

from django.urls import reverse

from betterlives.qr import qr_data_uri
from evaluations.models.surveys import spaced_code
from evaluations.selectors.workshop_pack import pack_live_vote, workshop_pack


def workshop_pack_context(evaluation, made_at=None, *, workshop, site):
    """The template's context (made_at is not printed)."""
    live_vote = pack_live_vote(workshop=workshop)
    code_url = site + reverse("surveys:code")
    context = {
        "council": evaluation.council,
        "evaluation": evaluation,
        "workshop": workshop,
        "live_vote": live_vote,
        "code_address": code_url.split("://", 1)[-1],
        "workshop_url": site + reverse("evaluations:workshop", kwargs={
            "council_slug": evaluation.council.slug, "pk": evaluation.pk,
            "workshop_pk": workshop.pk}),
        **workshop_pack(workshop=workshop),
    }
    if live_vote is not None:
        join_url = site + reverse("votes:join", kwargs={"code": live_vote.code})
        context.update(join_url=join_url, qr_data_uri=qr_data_uri(join_url),
                       spaced_code=spaced_code(live_vote.code))
    return context
