"""Reads for the workshop pages.

The caller has already been allowed to see the evaluation (CouncilMixin checks the council
and the role); everything here is looked up inside that evaluation, so a workshop of another
evaluation, or a domain number that does not exist, is a 404. Every function runs a fixed
number of queries, however many workshops, ratings or answers there are.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404

from domains.models import Domain
from evaluations.models import Workshop, WorkshopRating
from evaluations.selectors.live_votes import live_vote_list


def domain_list():
    """The framework's domains, in order."""
    return list(Domain.objects.order_by("number"))


def domain_get(*, number):
    domain = Domain.objects.filter(number=number).first()
    if domain is None:
        raise Http404
    return domain


def domain_after(domain):
    """The next domain by number, or None after the last."""
    return Domain.objects.filter(number__gt=domain.number).order_by("number").first()


def workshop_list(*, evaluation):
    """The evaluation's workshops, newest first, each with `rated_count` (one query)."""
    workshops = list(
        Workshop.objects.filter(evaluation=evaluation)
        .annotate(rated_count=Count("ratings", filter=~Q(ratings__choice="")))
        .order_by("-held_on", "title", "pk")
    )
    for workshop in workshops:
        workshop.evaluation = evaluation
    return workshops


def workshop_get(*, evaluation, pk):
    """A workshop of this evaluation, or 404."""
    workshop = Workshop.objects.filter(evaluation=evaluation, pk=pk).first()
    if workshop is None:
        raise Http404
    workshop.evaluation = evaluation
    return workshop


def workshop_list_page(*, evaluation):
    """The workshops (each with `rated_count`) and how many domains there are to rate."""
    return {"workshops": workshop_list(evaluation=evaluation),
            "domain_count": Domain.objects.count()}


@dataclass
class RatingPage:
    rating: WorkshopRating | None
    next_domain: Domain | None


def workshop_rating_page(*, workshop, domain):
    """The group's rating of `domain` in this workshop (or None), and the domain after it."""
    return RatingPage(
        rating=WorkshopRating.objects.filter(workshop=workshop, domain=domain).first(),
        next_domain=domain_after(domain),
    )


@dataclass
class DomainRating:
    domain: Domain
    rating: WorkshopRating | None

    @property
    def is_rated(self):
        return self.rating is not None and bool(self.rating.choice)

    @property
    def has_notes(self):
        rating = self.rating
        return rating is not None and any((rating.strengths, rating.improvements,
                                           rating.evidence))


def workshop_domain_ratings(*, workshop):
    """Every domain with the group's rating in this workshop, or None (two queries)."""
    ratings = {rating.domain_id: rating for rating in WorkshopRating.objects.filter(
        workshop=workshop)}
    return [DomainRating(domain, ratings.get(domain.pk)) for domain in domain_list()]


def workshop_page(*, workshop):
    """For the workshop page: each domain's rating (`rows`) and the workshop's live votes
    with their counts (`live_votes`, for the live votes panel). Three queries."""
    return {"rows": workshop_domain_ratings(workshop=workshop),
            "live_votes": live_vote_list(workshop=workshop)}
