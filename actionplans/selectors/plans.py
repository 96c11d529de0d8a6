"""Reads for the action plan pages. The caller has already been allowed to see the evaluation.

Each function runs a fixed number of queries however many actions, updates or events there
are: counting is GROUP BY, lists are paginated querysets with their relations prefetched.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from betterlives.audit import audit_list, scope_of
from betterlives.models import Membership
from domains.models import CrossReference, Domain, GoodLivesAction, Resource
from evaluations.models import ChosenDomain, CommentTag
from evaluations.selectors.results import comment_list, count_rows, evaluation_results

from ..models import Action, ProgressUpdate, Report, SignOff, Status


def action_list(*, evaluation, status="", lead="", domain_number=None, overdue=False):
    """The plan's actions, filtered, in plan order, with what the list pages show."""
    actions = Action.objects.filter(evaluation=evaluation).select_related("domain", "lead_user")
    if status:
        actions = actions.filter(status=status)
    if lead:
        actions = actions.filter(lead_name=lead)
    if domain_number:
        actions = actions.filter(domain__number=domain_number)
    if overdue:
        actions = actions.exclude(status=Status.DONE).filter(due_on__lt=timezone.localdate())
    return actions.prefetch_related(Prefetch(
        "good_lives_actions", queryset=GoodLivesAction.objects.order_by("code")))


def action_get(*, evaluation, pk):
    """One action of this evaluation, or 404 (another evaluation's action is not found)."""
    action = Action.objects.filter(evaluation=evaluation, pk=pk).select_related(
        "domain", "lead_user").first()
    if action is None:
        raise Http404
    action.evaluation = evaluation
    return action


def lead_names(*, evaluation):
    return list(Action.objects.filter(evaluation=evaluation).order_by("lead_name")
                .values_list("lead_name", flat=True).distinct())


@dataclass
class DomainCounts:
    domain: object
    chosen: object
    by_status: dict = field(default_factory=dict)
    overdue: int = 0
    resources: list = field(default_factory=list)

    @property
    def total(self):
        return sum(self.by_status.values())


def plan_counts(*, evaluation):
    """Counts by status for the whole plan and for each chosen domain (two queries), and
    for any domain no longer chosen that still has actions (one more query then).
    A row's `chosen` is None for such a domain."""
    today = timezone.localdate()
    chosen = list(ChosenDomain.objects.filter(evaluation=evaluation).select_related("domain")
                  .order_by("domain__number"))
    rows = {c.domain_id: DomainCounts(c.domain, c, {s: 0 for s in Status.values}) for c in chosen}
    totals = {s: 0 for s in Status.values}
    overdue = 0
    counted = Action.objects.filter(evaluation=evaluation).values("domain_id", "status").annotate(
        n=Count("pk"),
        late=Count("pk", filter=Q(due_on__lt=today) & ~Q(status=Status.DONE)))
    counted = list(counted)
    unchosen = {row["domain_id"] for row in counted} - set(rows)
    if unchosen:  # step 2 changed after actions were written: keep them in the plan
        for domain in Domain.objects.filter(pk__in=unchosen).order_by("number"):
            rows[domain.pk] = DomainCounts(domain, None, {s: 0 for s in Status.values})
    for row in counted:
        totals[row["status"]] += row["n"]
        overdue += row["late"]
        counts = rows[row["domain_id"]]
        counts.by_status[row["status"]] += row["n"]
        counts.overdue += row["late"]
    return {"domains": list(rows.values()), "by_status": totals,
            "total": sum(totals.values()), "overdue": overdue,
            "statuses": [(s, Status(s).label) for s in Status.values]}


def resources_by_domain(domain_ids):
    """{domain id: [Resource]} of the framework's current resources (one query)."""
    grouped = {pk: [] for pk in domain_ids}
    for resource in Resource.objects.filter(domain_id__in=list(domain_ids), is_current=True
                                            ).order_by("domain__number", "position"):
        grouped[resource.domain_id].append(resource)
    return grouped


def good_lives_suggestions(*, domain):
    """The Good Lives actions cross-referenced to this domain, with the reason for each."""
    return list(CrossReference.objects.filter(domain=domain, action__is_current=True)
                .select_related("action__theme").order_by("position"))


def current_good_lives_actions():
    """Every current Good Lives action, grouped by theme in the library's order."""
    return list(GoodLivesAction.objects.filter(is_current=True).select_related("theme")
                .order_by("theme__position", "position"))


def good_lives_get(*, code):
    action = GoodLivesAction.objects.filter(code=code, is_current=True).select_related(
        "theme").first()
    if action is None:
        raise Http404
    return action


def council_accounts(*, council):
    """People with an account in this council, who can be named as an action's lead."""
    return [m.user for m in Membership.objects.filter(council=council).select_related("user")
            .order_by("user__first_name", "user__last_name", "user__username")]


def action_timeline(*, action):
    """The action's history, newest first: progress updates and every recorded change."""
    updates = list(ProgressUpdate.objects.filter(action=action).select_related("recorded_by"))
    events = [e for e in audit_list(council=action.evaluation.council, obj=action)
              if not e.action.startswith("Recorded progress")]
    entries = [("update", u.recorded_at, u) for u in updates]
    entries += [("change", e.at, e) for e in events]
    entries.sort(key=lambda entry: entry[1], reverse=True)
    return entries


def sign_off_list(*, evaluation):
    return list(SignOff.objects.filter(evaluation=evaluation).select_related("recorded_by"))


def plan_audit_filter(evaluation):
    """A Q over the audit events recorded against this evaluation: the plan's actions (removed
    ones too), the board's sign-offs and the public page, and any other event another app
    records with the evaluation as its scope (an erased survey response, for one)."""
    return Q(scope=scope_of(evaluation))


TAGGED = (CommentTag.WORKING, CommentTag.NOT_WORKING, CommentTag.IDEA)
COMMENTS_PER_TAG = 5


@dataclass
class YouSaidRow:
    chosen: object
    result: object
    comments: dict  # {tag: [Answer]}, at most COMMENTS_PER_TAG each
    actions: list

    @property
    def domain(self):
        return self.chosen.domain


def you_said_we_did(*, evaluation):
    """For each chosen domain: its step 1 result, tagged comments and the plan's actions."""
    chosen = list(ChosenDomain.objects.filter(evaluation=evaluation).select_related("domain")
                  .order_by("domain__number"))
    counted = count_rows(evaluation)
    results = {r.domain.pk: r for r in evaluation_results(
        evaluation, domains=[c.domain for c in chosen], counted=counted)}
    comments = {c.domain_id: {tag: [] for tag in TAGGED} for c in chosen}
    tagged = comment_list(evaluation, counted=counted).filter(
        comment_hidden=False, comment_tag__in=list(TAGGED),
        item__domain_id__in=[c.domain_id for c in chosen])
    for answer in tagged:
        shelf = comments[answer.item.domain_id][answer.comment_tag]
        if len(shelf) < COMMENTS_PER_TAG:
            shelf.append(answer)
    actions = {c.domain_id: [] for c in chosen}
    for action in action_list(evaluation=evaluation).filter(
            domain_id__in=[c.domain_id for c in chosen]):
        actions[action.domain_id].append(action)
    return [YouSaidRow(c, results.get(c.domain_id), comments[c.domain_id],
                       actions[c.domain_id]) for c in chosen]


def plan_progress(evaluation):
    """For the task list: actions, chosen domains with an action, updates, the board's
    decisions (newest first) and the kinds of report ready (three queries)."""
    counts = Action.objects.filter(evaluation=evaluation).aggregate(
        actions=Count("pk", distinct=True), domains=Count("domain", distinct=True),
        done=Count("pk", filter=Q(status=Status.DONE), distinct=True),
        updates=Count("updates", distinct=True))
    decisions = SignOff.objects.filter(evaluation=evaluation).values_list("decision", flat=True)
    ready = Report.objects.filter(evaluation=evaluation, state=Report.State.READY).values_list(
        "kind", flat=True).distinct()
    return {**counts, "sign_offs": list(decisions), "reports": sorted(ready)}
