"""The board pack: the whole evaluation for the Learning Disability Partnership Board.

Cover, contents, a summary of who took part, step 1 results for every domain (a chart drawn
here and in templates/reports/_voice_chart.html, then a table of the same numbers), the
domains chosen and why, the in-depth findings, the action plan with its Good Lives links,
progress, the board's sign-offs, and an appendix on method and the framework version.

Suppressed voices carry no score and no distribution (evaluations.scores); the template
shows "Fewer than N people answered" for them and none of their counts.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from domains.models import Scale, Statement
from evaluations.charts import VOICE_COLOURS
from evaluations.models import SCALE_CHOICES, SCORES, Choice, DomainReview, StatementRating
from evaluations.scores import WIDE_GAP
from evaluations.selectors.council_check import council_check_overview
from evaluations.selectors.results import evaluation_results
from evaluations.selectors.step_two import chosen_domain_list
from evaluations.selectors.suggestions import suggest_domains

from .common import document_context, participation, plan

# Each section's id (the contents page links to it) and heading.
SECTIONS = (
    ("summary", _("Summary")),
    ("results", _("Step 1: results for every domain")),
    ("chosen", _("Step 2: the domains we chose and why")),
    ("findings", _("Step 2: what the in-depth reviews found")),
    ("plan", _("Step 3: the action plan")),
    ("progress", _("Progress")),
    ("sign_off", _("Board sign-off")),
    ("method", _("Appendix: how this report was made")),
)

# The chart, in SVG user units. The chart is drawn 1 unit = 0.275 mm on A4 portrait.
CHART_WIDTH = 640
LABEL_WIDTH = 215
PLOT_WIDTH = 320
BAR_HEIGHT = 20
BAR_GAP = 9
CHART_TOP = 26
TICKS = (0, 25, 50, 75, 100)


@dataclass
class ChartBar:
    voice: object  # evaluations.scores.VoiceResult
    colour: str
    y: int
    width: int  # 0 when the voice has no score to draw, or is suppressed

    @property
    def text_x(self):
        return LABEL_WIDTH + self.width + 8

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT - 5


def voice_chart(result):
    """The bars of one domain's chart: one per voice, with its geometry."""
    bars, y = [], CHART_TOP
    for index, voice in enumerate(result.voices):
        shown = not voice.suppressed and voice.score is not None
        width = round(PLOT_WIDTH * max(0, min(100, voice.score)) / 100) if shown else 0
        bars.append(ChartBar(voice, VOICE_COLOURS[index % len(VOICE_COLOURS)], y, width))
        y += BAR_HEIGHT + BAR_GAP
    height = y + 4
    return {
        "bars": bars, "width": CHART_WIDTH, "height": height, "plot_left": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT, "axis_bottom": height - 6,
        "text_width": CHART_WIDTH - LABEL_WIDTH - 1,  # a clear band behind "no score" words
        "ticks": [{"value": v, "x": LABEL_WIDTH + round(PLOT_WIDTH * v / 100)} for v in TICKS],
    }


@dataclass
class ResultSection:
    """One domain's step 1 results: voices, chart and the council's own check."""

    result: object  # evaluations.scores.DomainResult
    chart: dict
    check: object  # evaluations.selectors.council_check.DomainCheck
    chosen: object = None  # the ChosenDomain, when it was chosen in step 2

    @property
    def domain(self):
        return self.result.domain

    @property
    def enabler_counts(self):
        """(label, count) of the enabler answers on the four-point scale, and don't know."""
        answered = [row.answer.choice for row in self.check.enablers if row.is_answered]
        return [(Choice(c).label, answered.count(c)) for c in SCALE_CHOICES[Scale.FOUR_POINT]]


@dataclass
class Finding:
    """The in-depth review of one chosen domain."""

    chosen: object  # ChosenDomain
    review: object = None  # DomainReview, with `evidence_count`
    statements: list = field(default_factory=list)  # (Statement, StatementRating or None)

    @property
    def domain(self):
        return self.chosen.domain

    @property
    def rating_counts(self):
        """(label, count) for each rating given at least once, in the rating scale's order."""
        given = [rating.rating for _statement, rating in self.statements
                 if rating is not None and rating.rating]
        return [(label, given.count(value)) for value, label in StatementRating.Rating.choices
                if value in given]

    @property
    def evidence_count(self):
        return getattr(self.review, "evidence_count", 0) if self.review else 0


def findings(evaluation, chosen):
    """The review of each chosen domain with its statements and ratings (three queries)."""
    domain_ids = [c.domain_id for c in chosen]
    reviews = {r.domain_id: r for r in DomainReview.objects.filter(
        evaluation=evaluation, domain_id__in=domain_ids).annotate(
        evidence_count=Count("evidence_items"))}
    ratings = {}
    for rating in StatementRating.objects.filter(review__in=list(reviews.values())).select_related(
            "statement", "review"):
        ratings[(rating.review.domain_id, rating.statement.code)] = rating
    by_domain = {c.domain_id: Finding(c, reviews.get(c.domain_id)) for c in chosen}
    for statement in Statement.objects.filter(is_current=True, domain_id__in=domain_ids).order_by(
            "position", "code"):
        rating = ratings.get((statement.domain_id, statement.code))
        # A rating keeps the wording it was given for, even if the framework has moved on.
        by_domain[statement.domain_id].statements.append(
            (rating.statement if rating else statement, rating))
    return [by_domain[c.domain_id] for c in chosen]


def stands_out(results):
    """What stands out in step 1 (the step 2 suggestions): each with its kind, label, domain
    and number (the average score, or the gap). The reasons are worded in the template, so
    they follow the language of the PDF."""
    return [{"kind": suggestion.kind, "label": suggestion.label,
             "domain": suggestion.domain, "value": suggestion.value}
            for suggestion in suggest_domains(results)]


def scale_scores(scale):
    """(label, score or None) for each answer on a scale, for the appendix."""
    return [(Choice(c).label, SCORES[c]) for c in SCALE_CHOICES[scale]]


def board_pack_context(evaluation, made_at=None):
    context = document_context(evaluation, made_at, _("Board pack: {title}"))
    results = evaluation_results(evaluation)
    checks = {check.domain.pk: check for check in council_check_overview(
        evaluation=evaluation)["checks"]}
    chosen = chosen_domain_list(evaluation=evaluation)
    chosen_by_domain = {c.domain_id: c for c in chosen}
    the_plan = plan(evaluation)
    return {
        **context,
        "sections": SECTIONS,
        "titles": dict(SECTIONS),
        "participation": participation(evaluation),
        "voices": [voice.label for voice in results[0].voices] if results else [],
        "results": [
            ResultSection(r, voice_chart(r), checks.get(r.domain.pk),
                          chosen_by_domain.get(r.domain.pk))
            for r in results
        ],
        "stands_out": stands_out(results),
        "chosen": chosen,
        "findings": findings(evaluation, chosen),
        "plan": the_plan,
        "wide_gap": WIDE_GAP,
        "faces_scores": scale_scores(Scale.FACES),
        "four_point_scores": scale_scores(Scale.FOUR_POINT),
    }
