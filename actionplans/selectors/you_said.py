"""Reads for the public Easy Read "You said, we did" page (/s/<token>/you-said/).

It is reached by a survey's link, so nobody is signed in: the page is shown only while the
facilitator has published it. It shows, per chosen domain, what people said (from
`evaluation_results`, so a voice too small to show has no face and no number), and what the
council will do (each action's Easy Read words, status and date). It names nobody (no
leads, no partners, no accounts) and shows no comments.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from evaluations.selectors.results import evaluation_results
from evaluations.selectors.step_two import chosen_domain_list

from ..models import Action, PublicYouSaid
from ..reports.easy_read import EasyAction, easy_voices, voices_shown


def published_page(evaluation):
    """The evaluation's public page if it is published, else None."""
    return PublicYouSaid.objects.filter(evaluation=evaluation, published=True).first()


def page_state(evaluation):
    """The public page of the evaluation, published or not, or None (for the staff page)."""
    return PublicYouSaid.objects.filter(evaluation=evaluation).first()


@dataclass
class PublicDomain:
    chosen: object  # ChosenDomain
    voices: list = field(default_factory=list)  # reports.easy_read.EasyVoice
    actions: list = field(default_factory=list)  # PublicAction

    @property
    def domain(self):
        return self.chosen.domain


@dataclass
class PublicAction(EasyAction):
    """An action as the public sees it: words, status and date, never who leads it."""

    today: object = None

    @property
    def title(self):
        return self.action.easy_title

    @property
    def description(self):
        return self.action.easy_read_description

    @property
    def is_overdue(self):
        return self.action.is_overdue(self.today)

    @property
    def due_on(self):
        return self.action.due_on


def public_you_said(evaluation):
    """For each chosen domain: its voices and its actions (a fixed number of queries)."""
    chosen = chosen_domain_list(evaluation=evaluation)
    domains = [c.domain for c in chosen]
    results = {r.domain.pk: r for r in evaluation_results(evaluation, domains=domains)}
    shown = voices_shown(set(evaluation.surveys.values_list("audience", flat=True)))
    today = timezone.localdate()
    actions = {c.domain_id: [] for c in chosen}
    for action in Action.objects.filter(evaluation=evaluation,
                                        domain_id__in=list(actions)).only(
            "pk", "domain_id", "title", "easy_read_title", "easy_read_description", "status",
            "due_on").order_by("due_on", "pk"):
        actions[action.domain_id].append(PublicAction(action, today))
    return [PublicDomain(c, easy_voices(results.get(c.domain_id), shown), actions[c.domain_id])
            for c in chosen]
