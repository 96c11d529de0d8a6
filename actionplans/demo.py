"""A made-up step 2 review and step 3 action plan for the demo evaluation (`seed_demo`).

Everything goes through the services, so the demo has the same audit trail as real use. The
text is made-up council content for the demo, not framework text. Dates are counted back
from today and never fall before the evaluation started; some due dates are in the past, so
the demo shows overdue actions.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from betterlives.models import Membership, Role
from domains.models import CrossReference, Domain, InDepthQuestion, Statement
from evaluations.models import ChosenDomain, DomainReview
from evaluations.services.step_two import domain_choice_save, review_evidence_add, review_save

from .models import Action, Group, SignOff, Status, Timescale
from .services import action_create, progress_add, sign_off_record, you_said_publish

IMPROVE, STRENGTH = 4, 1  # the domain numbers the demo council looks at in depth

CHOICES = {
    IMPROVE: ("improve", "The workshop rated the workforce “not yet”, and people told us they "
                         "keep meeting new faces. Providers say about one in three support "
                         "workers leave each year."),
    STRENGTH: ("strength", "The Partnership Board is co-chaired by self-advocates and the "
                           "workshop rated leadership “mostly”. We want to use that strength "
                           "to lead the changes the workforce needs."),
}
TOOK_PART = {"lived_experience": 8, "family_carers": 4, "staff": 6, "partners": 3}
HOW_DECIDED = ("A meeting of the Partnership Board. We looked at the step 1 results together, "
               "with Easy Read summaries, and voted with coloured cards.")

# (rating, evidence) for each statement of a domain, in the framework's order.
RATINGS = {
    IMPROVE: [
        ("not_yet", "Two providers handed back packages of care this year because they could "
                    "not recruit. Three people moved out of the borough for specialist support."),
        ("partly", "Social workers and providers had training. Staff in GP surgeries, leisure "
                   "centres and colleges have had none."),
        ("partly", "The practice audit of 30 assessments found half were strengths-based."),
        ("not_yet", "We have not looked at workforce data since 2024."),
        ("dont_know", "Nobody has checked whether our case recording system helps or hinders."),
    ],
    STRENGTH: [
        ("in_place", "The joint learning disability strategy 2025–2030, agreed with the NHS "
                     "and Northbridge Homes."),
        ("partly", "The Director presents to the cabinet twice a year. Few councillors come "
                   "to the Partnership Board."),
        ("in_place", "Self-advocates co-chair the board and helped write the strategy."),
        ("partly", "Easy Read letters from adult social care, but not yet from housing or "
                   "the hospital."),
        ("partly", "The Health and Wellbeing Board gets a yearly report, but rarely asks "
                   "questions about it."),
        ("partly", "Monthly case file audits by team managers."),
    ],
}
ANSWERS = {
    IMPROVE: [
        "Turnover is higher than in similar areas, and many posts are filled by agency staff.",
        "Not yet. We rely on two out-of-area providers for people with complex needs.",
        "Supervision notes rarely mention people's strengths. People say reviews feel like "
        "a form being filled in.",
        "The case recording system asks about needs and risks before strengths.",
        "Self-advocates sat on two interview panels this year. We want this to be the norm.",
    ],
    STRENGTH: [
        "At three co-production events with Northbridge Speak Up and the carers' forum.",
        "The Director and the lead councillor came to the board twice this year.",
        "Through a yearly report. It asked for more on health checks, and got it.",
        "Team managers audit case files each month, with a self-advocate on the panel.",
        "GP surgeries are good at longer appointments. The hospital and housing office are "
        "harder to use.",
    ],
}
KEY_FINDINGS = {
    IMPROVE: "We do not have enough skilled, stable staff. Pay, training and the way we plan "
             "the workforce all need to change, and people with a learning disability should "
             "help choose and train staff.",
    STRENGTH: "Co-produced leadership is a real strength. We will use the Partnership Board "
              "to drive the workforce actions and to widen its work into housing and "
              "relationships.",
}
EVIDENCE = {
    IMPROVE: "Notes from the last providers' forum: six of the eight providers said "
             "recruitment is their biggest problem.",
    STRENGTH: "Partnership Board terms of reference and attendance for the last year.",
}

LIVED, CARERS, STAFF, PARTNERS = (Group.LIVED_EXPERIENCE, Group.FAMILY_CARERS, Group.STAFF,
                                  Group.PARTNERS)
# Each action: its fields, Good Lives codes, due date in days from today (negative: past),
# whether the demo contributor leads it, and its progress as (days ago, status, what happened).
ACTIONS = [
    {"domain": IMPROVE, "title": "Pay support workers fairly in new contracts",
     "description": "Set a minimum hourly rate for support workers in the new supported living "
                    "contracts, and pay providers enough to meet it.",
     "easy_title": "Pay support workers more",
     "easy_description": "Support workers will get paid more.\nThen more of them will stay.",
     "good_lives": ["GL-A10"], "lead": ("Priya Shah", "Commissioning manager"),
     "partners": "Northbridge Care Providers Forum", "groups": [STAFF, PARTNERS],
     "timescale": Timescale.YEAR, "due": 150,
     "measure": "Fewer support workers leave each year: down from one in three to one in five.",
     "progress": [(4, Status.ON_TRACK, "Costed three options for the minimum rate with the "
                                        "finance team."),
                  (1, Status.AT_RISK, "The council's budget for next year is not agreed, so "
                                      "the rate may have to wait a year.")]},
    {"domain": IMPROVE, "title": "Relationships training for provider staff",
     "description": "Run train-the-trainer sessions with the free relationships training "
                    "materials, so every provider has a trainer of its own.",
     "good_lives": ["GL-A24", "GL-A25"], "lead": ("Chris Evans", "Practice development officer"),
     "contributor_leads": True, "partners": "Supported Loving; Northbridge Care Providers Forum",
     "groups": [LIVED, STAFF], "timescale": Timescale.NOW, "due": -1,
     "measure": "Every provider has a trained trainer, and people say staff help them with "
                "friendships and relationships.",
     "progress": [(3, Status.ON_TRACK, "Booked two sessions. Eight providers signed up."),
                  (1, Status.DONE, "Both sessions ran: 14 trainers from 8 providers. A "
                                   "self-advocate co-delivered the second session.")]},
    {"domain": IMPROVE, "title": "People with a learning disability on interview panels",
     "description": "Pay self-advocates to sit on interview panels for social workers and "
                    "support workers, with training and a supporter.",
     "easy_title": "You can help choose new staff",
     "easy_description": "People with a learning disability will help choose new staff.\n"
                         "We will pay them and train them.",
     "good_lives": ["GL-A30", "GL-A12"], "lead": ("Grace Mensah", "Head of human resources"),
     "partners": "Northbridge Speak Up", "groups": [LIVED, CARERS],
     "timescale": Timescale.SIX_MONTHS, "due": 90,
     "measure": "Half of the interview panels for front-line posts include a self-advocate.",
     "progress": [(2, Status.ON_TRACK, "Four self-advocates finished the panel training. The "
                                       "first panel is next month.")]},
    {"domain": IMPROVE, "title": "A workforce dashboard from Skills for Care data",
     "description": "Bring Skills for Care data and providers' own figures together every "
                    "quarter, to see turnover and vacancies early and plan recruitment.",
     "good_lives": ["GL-A12"], "lead": ("Daniel Hughes", "Business intelligence manager"),
     "partners": "Skills for Care; local providers", "groups": [STAFF, PARTNERS],
     "timescale": Timescale.NOW, "due": -2,
     "measure": "The Partnership Board sees the dashboard every quarter and acts on it.",
     "progress": [(3, Status.ON_TRACK, "Downloaded this year's data and drafted the "
                                        "dashboard."),
                  (0, Status.OFF_TRACK, "Providers have not signed the data sharing agreement, "
                                        "so the dashboard is missing their figures.")]},
    {"domain": IMPROVE, "title": "Audit strengths-based practice",
     "description": "Check 40 assessments and reviews a year for strengths-based practice, "
                    "with a self-advocate and a family carer on the audit panel.",
     "good_lives": ["GL-A12"], "lead": ("Sarah O'Connor", "Principal social worker"),
     "partners": "", "groups": [LIVED, CARERS, STAFF],
     "timescale": Timescale.YEAR, "due": 200,
     "measure": "Three in four audited assessments are strengths-based.",
     "progress": [(1, Status.NOT_STARTED, "Agreed the audit tool. The first audit is planned "
                                          "for the new year.")]},
    {"domain": STRENGTH, "title": "Take Good Lives to the Health and Wellbeing Board",
     "description": "Self-advocates present Good Lives and this plan to the Health and "
                    "Wellbeing Board, and ask it to adopt the plan.",
     "good_lives": ["GL-A04", "GL-A05"],
     "lead": ("Mark Ellis", "Director of Adult Social Services"),
     "partners": "Northbridge Speak Up; NHS North Riding", "groups": [LIVED, PARTNERS],
     "timescale": Timescale.NOW, "due": -2,
     "measure": "The Health and Wellbeing Board adopts the plan and asks for a report every "
                "six months.",
     "progress": [(4, Status.ON_TRACK, "Self-advocates prepared the presentation."),
                  (2, Status.DONE, "The board adopted the plan and asked for a report every "
                                   "six months.")]},
    {"domain": STRENGTH, "title": "A relationships sub-group of the Partnership Board",
     "description": "Set up a sub-group, led by self-advocates, to write a long-term local plan "
                    "on friendships, relationships and dating.",
     "good_lives": ["GL-A23", "GL-A02"],
     "lead": ("Amina Begum", "Co-chair, Learning Disability Partnership Board"),
     "partners": "Northbridge Speak Up; health and provider staff", "groups": [LIVED, CARERS],
     "timescale": Timescale.SIX_MONTHS, "due": 120,
     "measure": "The sub-group meets every two months and publishes its plan in Easy Read.",
     "progress": [(3, Status.ON_TRACK, "Twelve people came to the first meeting."),
                  (0, Status.ON_TRACK, "Agreed the three things to work on first, and the "
                                       "dates of the next meetings.")]},
    {"domain": STRENGTH, "title": "A joint plan for supported housing",
     "description": "Agree with housing and the NHS how many supported homes we need over the "
                    "next ten years, and where.",
     "good_lives": ["GL-A15"], "lead": ("Helen Morris", "Housing strategy manager"),
     "partners": "Northbridge Homes; NHS North Riding", "groups": [LIVED, CARERS, PARTNERS],
     "timescale": Timescale.LONGER, "due": 300,
     "measure": "A joint housing plan is agreed, and nobody moves out of the borough because "
                "there is no suitable home.",
     "progress": [(2, Status.AT_RISK, "The housing team has lost its lead officer, so the "
                                      "work has slowed down.")]},
    {"domain": STRENGTH, "title": "Self-advocates meet councillors twice a year",
     "description": "Hold a meeting twice a year where self-advocates and family carers put "
                    "questions to councillors and senior managers.",
     "good_lives": ["GL-A02"], "lead": ("Jo Turner", "Partnership Board co-ordinator"),
     "partners": "Northbridge Speak Up; carers' forum", "groups": [LIVED, CARERS],
     "timescale": Timescale.NOW, "due": -3,
     "measure": "Two meetings a year, with answers published in Easy Read.", "progress": []},
]

SIGN_OFF = {
    "meeting": "Learning Disability Partnership Board",
    "decision": SignOff.Decision.APPROVED_WITH_CHANGES,
    "comments": "The board approved the plan. It asked for the supported housing action to "
                "name a lead from the NHS, and for progress to come back to every meeting with "
                "an Easy Read summary.",
}


def _people(council):
    """The demo facilitator and contributor of this council (either may be None)."""
    roles = {}
    for membership in Membership.objects.filter(council=council).select_related(
            "user").order_by("pk"):
        roles.setdefault(membership.role, membership.user)
    return roles.get(Role.FACILITATOR), roles.get(Role.CONTRIBUTOR)


def _linked(domain, codes):
    """The Good Lives actions with these codes that are cross-referenced to the domain (the
    first cross-referenced one if none of them is)."""
    links = {c.action.code: c.action for c in CrossReference.objects.filter(
        domain=domain, action__is_current=True).select_related("action").order_by("position")}
    return [links[code] for code in codes if code in links] or list(links.values())[:1]


def _step_two(evaluation, domains, facilitator, contributor, on):
    domain_choice_save(
        evaluation=evaluation, user=facilitator, decided_on=on(6), took_part=TOOK_PART,
        how_decided=HOW_DECIDED, choices={domains[n]: CHOICES[n] for n in CHOICES})
    for number, domain in domains.items():
        review = DomainReview.objects.get(evaluation=evaluation, domain=domain)
        statements = Statement.objects.filter(domain=domain, is_current=True).order_by(
            "position")
        questions = InDepthQuestion.objects.filter(domain=domain, is_current=True).order_by(
            "position")
        review_save(
            review=review, user=facilitator,
            ratings=dict(zip(statements, RATINGS[number], strict=False)),
            answers=dict(zip(questions, ANSWERS[number], strict=False)),
            key_findings=KEY_FINDINGS[number])
        review_evidence_add(review=review, user=contributor or facilitator,
                            text=EVIDENCE[number])


def _plan(evaluation, domains, facilitator, contributor, on, today):
    actions = []
    for item in ACTIONS:
        domain = domains[item["domain"]]
        lead_user = contributor if item.get("contributor_leads") else None
        action = action_create(
            evaluation=evaluation, user=facilitator, domain=domain, title=item["title"],
            description=item["description"],
            good_lives_actions=_linked(domain, item["good_lives"]),
            lead_name=item["lead"][0], lead_role=item["lead"][1], lead_user=lead_user,
            partners=item["partners"], co_produced_with=item["groups"],
            timescale=item["timescale"], success_measure=item["measure"],
            easy_read_title=item.get("easy_title", ""),
            easy_read_description=item.get("easy_description", ""),
            due_on=max(today + datetime.timedelta(days=item["due"]), evaluation.period_start))
        actions.append((action, item["progress"], lead_user))
    sign_off_record(evaluation=evaluation, user=facilitator, met_on=on(4), **SIGN_OFF)
    for action, progress, lead_user in actions:
        for days_ago, status, text in progress:
            progress_add(action=action, user=lead_user or facilitator, happened_on=on(days_ago),
                         text=text, status=status)
    return len(actions)


def demo_plan_seed(*, evaluation):
    """Take the demo evaluation through steps 2 and 3. Does nothing (and returns False) if the
    evaluation already has actions or chosen domains, or has not started yet."""
    today = timezone.localdate()
    if evaluation.period_start > today:
        return False
    if (Action.objects.filter(evaluation=evaluation).exists()
            or ChosenDomain.objects.filter(evaluation=evaluation).exists()):
        return False
    domains = {d.number: d for d in Domain.objects.filter(number__in=list(CHOICES))}
    if len(domains) < len(CHOICES):
        return False

    def on(days_ago):
        """A date `days_ago` before today, but not before the evaluation started."""
        return max(today - datetime.timedelta(days=days_ago), evaluation.period_start)

    facilitator, contributor = _people(evaluation.council)
    with transaction.atomic():
        _step_two(evaluation, domains, facilitator, contributor, on)
        _plan(evaluation, domains, facilitator, contributor, on, today)
        you_said_publish(evaluation=evaluation, user=facilitator,
                         next_update_on=today + datetime.timedelta(days=90))
    return True
