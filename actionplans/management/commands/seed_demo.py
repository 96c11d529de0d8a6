"""A made-up demo council, its people and an evaluation with a plan: `manage.py seed_demo`.
Here in the top app because it fills in every app's part of the demo."""

from django.core.management.base import BaseCommand
from django.db import transaction

from betterlives.models import Council, Role
from betterlives.services import council_get_or_create, member_get_or_create
from evaluations.demo import demo_evaluation_seed, demo_step_one_seed

from ...demo import demo_plan_seed

DEMO_PASSWORD = "better-lives-demo"
DEMO_COUNCIL = {"name": "Northbridge Borough Council (demo)", "slug": "northbridge-demo",
                "nation": Council.Nation.ENGLAND}
DEMO_PEOPLE = [
    ("demo-facilitator", Role.FACILITATOR, "Farah", "Khan", "runs the evaluation"),
    ("demo-contributor", Role.CONTRIBUTOR, "Chris", "Evans", "adds evidence and progress"),
    ("demo-board", Role.BOARD_VIEWER, "Bea", "Okafor", "reads results and plans"),
]
DEMO_ADMIN = "demo-admin"


class Command(BaseCommand):
    help = (
        "Create a made-up demo council with one person per role, a site administrator and an "
        "open evaluation with made-up survey responses, a workshop, an in-depth review of two "
        "domains and an action plan with progress and a board sign-off. "
        "Safe to run again: existing demo people and passwords are left as they are."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        council = council_get_or_create(**DEMO_COUNCIL)
        for username, role, first, last, _ in DEMO_PEOPLE:
            member_get_or_create(
                council=council, username=username, role=role, password=DEMO_PASSWORD,
                email=f"{username}@example.org", first_name=first, last_name=last,
            )
        member_get_or_create(
            council=None, username=DEMO_ADMIN, role=None, password=DEMO_PASSWORD,
            email=f"{DEMO_ADMIN}@example.org", is_staff=True, is_superuser=True,
        )
        evaluation, created = demo_evaluation_seed(council=council)
        demo_step_one_seed(evaluation=evaluation)
        if created:
            demo_plan_seed(evaluation=evaluation)
        self.stdout.write(f"Demo council: {council.name}")
        self.stdout.write(
            f"Demo evaluation: {evaluation.title}, {evaluation.surveys.count()} surveys, "
            f"{sum(s.responses.count() for s in evaluation.surveys.all())} responses, "
            f"{evaluation.chosen_domains.count()} domains looked at in depth, "
            f"{evaluation.actions.count()} actions in the plan"
        )
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for username, role, _, _, does in DEMO_PEOPLE:
            self.stdout.write(f"  {username:<18} {Role(role).label.lower()}: {does}")
        self.stdout.write(
            f"  {DEMO_ADMIN:<18} site administrator: /admin/ (sets up two-factor sign-in with "
            "an authenticator app at first sign-in)"
        )
