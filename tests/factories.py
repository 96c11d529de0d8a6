import datetime
import io
import itertools
import wave

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from betterlives.models import Council, Membership, Role
from evaluations.models import Answer, Evaluation, Response, random_code
from evaluations.selectors.surveys import survey_items

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    name = factory.Sequence(lambda n: f"Council {n}")
    slug = factory.Sequence(lambda n: f"council-{n}")
    nation = Council.Nation.ENGLAND


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    council = factory.SubFactory(CouncilFactory)
    role = Role.FACILITATOR


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    council = factory.SubFactory(CouncilFactory)
    title = factory.Sequence(lambda n: f"Better Lives evaluation {n}")
    period_start = datetime.date(2026, 4, 1)
    period_end = datetime.date(2027, 3, 31)

    @factory.lazy_attribute
    def framework_version(self):
        from domains.models import FrameworkVersion

        return FrameworkVersion.objects.get(is_current=True)


def member(role=Role.FACILITATOR, council=None, **user_fields):
    """A person with `role` in `council` (a new council if none is given)."""
    council = council or CouncilFactory()
    return MembershipFactory(role=role, council=council, user=UserFactory(**user_fields)).user


def evaluation_with_surveys(council, audiences=None, **fields):
    """An evaluation made through the service, with a survey per audience (all by default).

    Needs the framework loaded (the `framework` fixture).
    """
    from domains.models import Audience
    from evaluations.services.evaluations import evaluation_create

    fields.setdefault("title", "Better Lives 2026")
    fields.setdefault("period_start", datetime.date(2026, 4, 1))
    fields.setdefault("period_end", datetime.date(2027, 3, 31))
    return evaluation_create(
        council=council, audiences=list(Audience.values) if audiences is None else audiences,
        **fields,
    )


def small_framework(domains=2, questions=2):
    """A current framework version with a few domains and questions for every audience.

    Much quicker than loading the real framework (the `framework` fixture); for view tests
    that do not depend on the real content.
    """
    from domains.models import Audience, Domain, FrameworkVersion, SurveyQuestion

    source = "https://example.org/framework"
    version = FrameworkVersion.objects.create(
        version="test-1", title="Test framework", publisher="Tests", source_url=source,
        good_lives_title="Good Lives", good_lives_publisher="Tests",
        good_lives_source_url=source, is_current=True,
    )
    for number in range(1, domains + 1):
        domain = Domain.objects.create(
            number=number, code=f"D{number}", title=f"Domain title {number}",
            summary="Summary.", easy_read_summary="Easy Read summary.",
            picture=f"images/domains/d{number}.svg", picture_alt="A picture",
            source_url=source,
        )
        for audience in Audience.values:
            for position in range(1, questions + 1):
                SurveyQuestion.objects.create(
                    domain=domain, audience=audience, position=position, source_url=source,
                    code=f"D{number}-{audience[:2].upper()}-{position}",
                    text=f"Question {position} of domain {number} for {audience}?",
                    framework_version=version,
                )
    return version


# Workshops and the council's own check ----------------------------------------------------


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "evaluations.Workshop"

    evaluation = factory.SubFactory(EvaluationFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    held_on = datetime.date(2026, 5, 12)
    place = "Riverside community centre"
    attended_lived_experience = 6
    attended_family_carers = 4
    attended_staff = 3
    attended_partners = 2


class LiveVoteFactory(factory.django.DjangoModelFactory):
    """A live vote made directly, not started through the service (no domain on the screen)."""

    class Meta:
        model = "evaluations.LiveVote"

    workshop = factory.SubFactory(WorkshopFactory)
    code = factory.Sequence(lambda n: f"LV{n:04d}")


class ReportFactory(factory.django.DjangoModelFactory):
    """A report asked for and not yet made: a board pack in English unless told otherwise."""

    class Meta:
        model = "actionplans.Report"

    evaluation = factory.SubFactory(EvaluationFactory)
    kind = "board"
    language = "en"
    fingerprint = "x"


class CouncilRecordingFactory(factory.django.DjangoModelFactory):
    """A council's recording in English of a page or a question (give one of them)."""

    class Meta:
        model = "domains.CouncilRecording"

    council = factory.SubFactory(CouncilFactory)
    language = "en"
    audio = factory.LazyFunction(lambda: wav_bytes())
    content_type = "audio/wav"


def council_check_content(enablers=2, indicators=2):
    """Enabler questions and outcome indicators for every domain already made (for instance by
    small_framework); the odd-numbered indicators are "higher is better"."""
    from domains.models import Domain, EnablerQuestion, FrameworkVersion, OutcomeIndicator

    version = FrameworkVersion.objects.get(is_current=True)
    source = "https://example.org/framework"
    for domain in Domain.objects.order_by("number"):
        for position in range(1, enablers + 1):
            EnablerQuestion.objects.create(
                domain=domain, position=position, source_url=source, framework_version=version,
                code=f"D{domain.number}-EN-{position}",
                text=f"Enabler {position} of domain {domain.number} is in place.",
                hint=f"Hint for enabler {position}.",
            )
        for position in range(1, indicators + 1):
            OutcomeIndicator.objects.create(
                domain=domain, position=position, source_url=source, framework_version=version,
                code=f"D{domain.number}-IN-{position}",
                name=f"Indicator {position} of domain {domain.number}",
                description="What it measures.", unit=OutcomeIndicator.Unit.PERCENT,
                higher_is_better=position % 2 == 1,
            )


# Step 2: the in-depth review -------------------------------------------------------------


def review_content(statements=2, questions=2):
    """"What good looks like" statements and in-depth questions for every domain already made
    (for instance by small_framework)."""
    from domains.models import Domain, FrameworkVersion, InDepthQuestion, Statement

    version = FrameworkVersion.objects.get(is_current=True)
    source = "https://example.org/framework"
    for domain in Domain.objects.order_by("number"):
        for position in range(1, statements + 1):
            Statement.objects.create(
                domain=domain, position=position, source_url=source, framework_version=version,
                code=f"D{domain.number}-ST-{position}",
                text=f"Good thing {position} of domain {domain.number} happens.",
            )
        for position in range(1, questions + 1):
            InDepthQuestion.objects.create(
                domain=domain, position=position, source_url=source, framework_version=version,
                code=f"D{domain.number}-IDQ-{position}",
                text=f"In-depth question {position} of domain {domain.number}?",
            )


def choose_domains(evaluation, *numbers, user=None, reason="improve"):
    """Choose these domain numbers for the evaluation (through the service)."""
    import datetime

    from domains.models import Domain
    from evaluations.services.step_two import domain_choice_save

    return domain_choice_save(
        evaluation=evaluation, user=user, decided_on=datetime.date(2026, 6, 1),
        took_part={"lived_experience": 3}, how_decided="",
        choices={d: (reason, "") for d in Domain.objects.filter(number__in=numbers)},
    )


def good_lives_content(actions=4):
    """A Good Lives theme with `actions` actions for everyone, each domain cross-referenced to
    the first two (codes GL-1, GL-2, …). Needs the domains made first."""
    from domains.models import (
        CrossReference,
        Domain,
        GoodLivesAction,
        GoodLivesAudience,
        GoodLivesTheme,
    )

    source = "https://example.org/good-lives"
    audience = GoodLivesAudience.objects.create(code="councils", name="Councils")
    theme = GoodLivesTheme.objects.create(code="T1", title="Theme one", summary="Summary.",
                                          source_url=source)
    made = []
    for position in range(1, actions + 1):
        action = GoodLivesAction.objects.create(
            code=f"GL-{position}", theme=theme, position=position, source_url=source,
            text=f"Good Lives idea number {position} for councils.")
        action.audiences.add(audience)
        made.append(action)
    for domain in Domain.objects.all():
        for position, action in enumerate(made[:2], start=1):
            CrossReference.objects.create(domain=domain, action=action, position=position,
                                          reason=f"Reason {position} for domain {domain.number}.")
    return made


def add_action(evaluation, number=1, *, user=None, **overrides):
    """Add an action to chosen domain `number` through the service (the domain must be
    chosen already)."""
    import datetime

    from actionplans.services import action_create
    from domains.models import Domain

    fields = dict(
        domain=Domain.objects.get(number=number), title="Travel training in the evenings",
        description="Run travel training for people who want to go out in the evening.",
        good_lives_actions=[], lead_name="Priya Shah", lead_role="Commissioning manager",
        lead_user=None, partners="", co_produced_with=["lived_experience"],
        timescale="six_months",
        due_on=evaluation.period_start + datetime.timedelta(days=180),
        success_measure="Twenty people travel on their own in the evening.",
    )
    fields.update(overrides)
    return action_create(evaluation=evaluation, user=user, **fields)


_codes = itertools.count()


def make_responses(survey, count, choice, *, comment="", helped=None, items=None,
                   status=Response.Status.SUBMITTED, practice=False):
    """`count` responses to `survey`, each answering `items` (default: every question).
    With `practice`, they are test responses ("try it" mode)."""
    items = items if items is not None else survey_items(survey)
    now = timezone.now()
    responses = Response.objects.bulk_create(
        Response(survey=survey, resume_code=f"{random_code(4)}{next(_codes):04d}"[-8:],
                 status=status, helped=helped, submitted_at=now, practice=practice)
        for _ in range(count)
    )
    Answer.objects.bulk_create(
        Answer(response=response, item=item, choice=choice, comment=comment)
        for response in responses for item in items
    )
    return responses


def wav_bytes(seconds=0.2, rate=8000):
    """A short silent WAV recording, made here (nothing is downloaded)."""
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(1)
        sound.setframerate(rate)
        sound.writeframes(bytes([128]) * int(seconds * rate))
    return out.getvalue()
