"""What the three report documents share: the facts on every cover and running header, who
took part, and the plan's actions grouped by domain.

Every function runs a fixed number of queries, however many responses, workshops, actions,
Good Lives links or progress updates there are: counts are GROUP BY in the database, lists
are fetched once with their relations. Nothing here needs a request or a user: the caller
(a view or a background task) has already been allowed to see the evaluation.

Titles and labels are lazy, so that they come out in the language the PDF is rendered in.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.text import format_lazy

from domains.models import Audience
from evaluations.models import Group, Response, VoteParticipant, Workshop
from evaluations.selectors.step_two import decision_get

from ..models import ProgressUpdate
from ..selectors.plans import DomainCounts, action_list, plan_counts, sign_off_list


def document_context(evaluation, made_at, title):
    """The facts every document starts from. `title` is a lazy string with a {title}
    placeholder for the evaluation's title."""
    council = evaluation.council
    return {
        "evaluation": evaluation,
        "council": council,
        "framework": evaluation.framework_version,
        "made_at": made_at or timezone.now(),
        "title": format_lazy(title, title=evaluation.title),
        "threshold": council.small_number_threshold,
        "service_name": settings.SERVICE_NAME,  # templates/reports/base.html names the service
    }


# Who took part --------------------------------------------------------------------------


@dataclass
class SurveyRow:
    audience: str
    online: int = 0
    paper: int = 0

    @property
    def label(self):
        return Audience(self.audience).label

    @property
    def total(self):
        return self.online + self.paper


@dataclass
class GroupRow:
    group: str
    attended: int = 0
    voted: int = 0
    decided: int = 0

    @property
    def label(self):
        return Group(self.group).label


@dataclass
class Participation:
    surveys: list = field(default_factory=list)  # SurveyRow, in the framework's audience order
    groups: list = field(default_factory=list)  # GroupRow, one per group
    workshops: list = field(default_factory=list)  # Workshop, oldest first
    live_votes: int = 0
    decision: object = None

    @property
    def responses(self):
        return sum(row.total for row in self.surveys)

    @property
    def online(self):
        return sum(row.online for row in self.surveys)

    @property
    def paper(self):
        return sum(row.paper for row in self.surveys)

    @property
    def attended(self):
        return sum(row.attended for row in self.groups)

    @property
    def voted(self):
        return sum(row.voted for row in self.groups)

    @property
    def decided(self):
        return sum(row.decided for row in self.groups)


def participation(evaluation):
    """Sent survey responses per audience (online and on paper), workshop attendance, live
    vote voters and the people who chose the domains, by group (six queries)."""
    audiences = set(evaluation.surveys.values_list("audience", flat=True))
    surveys = {a: SurveyRow(a) for a in Audience.values if a in audiences}
    sent = Response.objects.filter(survey__evaluation=evaluation,
                                   status=Response.Status.SUBMITTED)
    for row in sent.values("survey__audience", "channel").annotate(n=Count("pk")):
        survey = surveys.setdefault(row["survey__audience"], SurveyRow(row["survey__audience"]))
        if row["channel"] == Response.Channel.PAPER:
            survey.paper += row["n"]
        else:
            survey.online += row["n"]

    workshops = list(Workshop.objects.filter(evaluation=evaluation).annotate(
        live_vote_count=Count("live_votes", filter=Q(live_votes__practice=False)),
    ).order_by("held_on", "pk"))
    voters = {row["group"]: row["n"] for row in VoteParticipant.objects.filter(
        live_vote__workshop__evaluation=evaluation, live_vote__practice=False,
        votes__isnull=False,
    ).values("group").annotate(n=Count("pk", distinct=True))}
    decision = decision_get(evaluation=evaluation)
    groups = []
    for group in Group:  # each has an attended_ field on workshops, a took_part_ one on decisions
        groups.append(GroupRow(
            group,
            attended=sum(getattr(w, f"attended_{group.value}") for w in workshops),
            voted=voters.get(group, 0),
            decided=getattr(decision, f"took_part_{group.value}", 0) if decision else 0,
        ))
    return Participation(
        surveys=list(surveys.values()), groups=groups, workshops=workshops,
        live_votes=sum(w.live_vote_count for w in workshops), decision=decision,
    )


# The plan -------------------------------------------------------------------------------


@dataclass
class PlanSection:
    """One domain of the plan: its counts (a selectors.DomainCounts) and its actions."""

    counts: object
    actions: list = field(default_factory=list)

    @property
    def domain(self):
        return self.counts.domain

    @property
    def chosen(self):
        return self.counts.chosen


@dataclass
class Plan:
    counts: dict  # selectors.plan_counts
    sections: list  # PlanSection, in domain order
    sign_offs: list  # newest first

    @property
    def actions(self):
        return [action for section in self.sections for action in section.actions]

    @property
    def overdue_actions(self):
        return [action for action in self.actions if action.overdue]

    @property
    def good_lives_actions(self):
        """Every Good Lives action the plan links to, once each, by code (prefetched)."""
        linked = {item.code: item for action in self.actions
                  for item in action.good_lives_actions.all()}
        return [linked[code] for code in sorted(linked)]

    @property
    def sign_off(self):
        return self.sign_offs[0] if self.sign_offs else None

    @property
    def status_counts(self):
        """(value, label, count) for each status, in the plan's order."""
        return [(value, label, self.counts["by_status"][value])
                for value, label in self.counts["statuses"]]


def plan(evaluation):
    """The plan's counts by status (plan_counts), every action in plan order with its Good
    Lives actions, its latest progress update (`latest_text`, `latest_on`) and whether it is
    overdue (`overdue`), grouped by domain; and the board's sign-offs (six queries)."""
    counts = plan_counts(evaluation=evaluation)
    today = timezone.localdate()  # the day plan_counts counts overdue actions on
    latest = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by(
        "-happened_on", "-recorded_at", "-pk")
    actions = action_list(evaluation=evaluation).annotate(
        latest_text=Subquery(latest.values("text")[:1]),
        latest_on=Subquery(latest.values("happened_on")[:1]),
    )
    sections = {row.domain.pk: PlanSection(row) for row in counts["domains"]}
    for action in actions:
        action.overdue = action.is_overdue(today)
        action.evaluation = evaluation
        if action.domain_id not in sections:  # not counted: keep the action in the plan
            sections[action.domain_id] = PlanSection(DomainCounts(action.domain, None))
        sections[action.domain_id].actions.append(action)
    return Plan(counts=counts, sections=list(sections.values()),
                sign_offs=sign_off_list(evaluation=evaluation))

