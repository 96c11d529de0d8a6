"""The framework's content: versions, questions and statements, resources, the Good Lives
library, and a council's own recordings. Most tests load the real framework (the `framework`
fixture) or a small one (small_framework); these factories add to it."""

import io
import wave

import factory

from domains.models import (
    Audience,
    CouncilRecording,
    CrossReference,
    Domain,
    EnablerQuestion,
    FrameworkVersion,
    GoodLivesAction,
    GoodLivesAudience,
    GoodLivesTheme,
    InDepthQuestion,
    OutcomeIndicator,
    Resource,
    Statement,
    SurveyQuestion,
)

from .accounts import CouncilFactory

SOURCE = "https://example.org/framework"
GOOD_LIVES_SOURCE = "https://example.org/good-lives"


def current_version():
    return FrameworkVersion.objects.get(is_current=True)


def first_domain():
    return Domain.objects.get(number=1)


class FrameworkVersionFactory(factory.django.DjangoModelFactory):
    """A framework version, not the current one unless told (is_current=True)."""

    class Meta:
        model = FrameworkVersion

    version = factory.Sequence(lambda n: f"version-{n}")
    title = factory.Sequence(lambda n: f"Framework {n}")
    publisher = "Tests"
    source_url = SOURCE
    good_lives_title = "Good Lives"
    good_lives_publisher = "Tests"
    good_lives_source_url = GOOD_LIVES_SOURCE


class RevisionedFactory(factory.django.DjangoModelFactory):
    """An answerable item of domain 1, first worded in the current framework version (both
    must exist already: the `framework` fixture or small_framework)."""

    class Meta:
        abstract = True

    domain = factory.LazyFunction(first_domain)
    source_url = SOURCE
    framework_version = factory.LazyFunction(current_version)


class SurveyQuestionFactory(RevisionedFactory):
    class Meta:
        model = SurveyQuestion

    code = factory.Sequence(lambda n: f"SQ-{n}")
    audience = Audience.LIVED_EXPERIENCE
    text = factory.Sequence(lambda n: f"Survey question {n}?")


class EnablerQuestionFactory(RevisionedFactory):
    class Meta:
        model = EnablerQuestion

    code = factory.Sequence(lambda n: f"EQ-{n}")
    text = factory.Sequence(lambda n: f"Enabler {n} is in place.")


class StatementFactory(RevisionedFactory):
    class Meta:
        model = Statement

    code = factory.Sequence(lambda n: f"ST-{n}")
    text = factory.Sequence(lambda n: f"Good thing {n} happens.")


class ResourceFactory(factory.django.DjangoModelFactory):
    """A resource for domain 1 (which must exist already)."""

    class Meta:
        model = Resource

    domain = factory.LazyFunction(first_domain)
    code = factory.Sequence(lambda n: f"RES-{n}")
    title = factory.Sequence(lambda n: f"Resource {n}")
    description = "What it is for."
    url = "https://example.org/resource"
    kind = Resource.Kind.GUIDANCE
    source_url = SOURCE


class GoodLivesAudienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodLivesAudience

    code = factory.Sequence(lambda n: f"audience-{n}")
    name = factory.Sequence(lambda n: f"Audience {n}")


class GoodLivesThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodLivesTheme

    code = factory.Sequence(lambda n: f"theme-{n}")
    title = factory.Sequence(lambda n: f"Theme {n}")
    summary = "Summary."
    source_url = GOOD_LIVES_SOURCE


class GoodLivesActionFactory(factory.django.DjangoModelFactory):
    """A Good Lives action (for nobody until audiences are added)."""

    class Meta:
        model = GoodLivesAction

    code = factory.Sequence(lambda n: f"idea-{n}")
    theme = factory.SubFactory(GoodLivesThemeFactory)
    text = factory.Sequence(lambda n: f"Good Lives idea {n}.")
    source_url = GOOD_LIVES_SOURCE


class CrossReferenceFactory(factory.django.DjangoModelFactory):
    """A Good Lives action suggested for domain 1 (which must exist already)."""

    class Meta:
        model = CrossReference

    domain = factory.LazyFunction(first_domain)
    action = factory.SubFactory(GoodLivesActionFactory)
    reason = factory.Sequence(lambda n: f"Reason {n}.")


class CouncilRecordingFactory(factory.django.DjangoModelFactory):
    """A council's recording in English of a page or a question (give one of them)."""

    class Meta:
        model = CouncilRecording

    council = factory.SubFactory(CouncilFactory)
    language = "en"
    audio = factory.LazyFunction(lambda: wav_bytes())
    content_type = "audio/wav"


def small_framework(domains=2, questions=2):
    """A current framework version with a few domains and questions for every audience.

    Much quicker than loading the real framework (the `framework` fixture); for view tests
    that do not depend on the real content.
    """
    source = SOURCE
    version = FrameworkVersionFactory(
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
                SurveyQuestionFactory(
                    domain=domain, audience=audience, position=position, source_url=source,
                    code=f"D{number}-{audience[:2].upper()}-{position}",
                    text=f"Question {position} of domain {number} for {audience}?",
                    framework_version=version,
                )
    return version


def council_check_content(enablers=2, indicators=2):
    """Enabler questions and outcome indicators for every domain already made (for instance by
    small_framework); the odd-numbered indicators are "higher is better"."""
    version = current_version()
    source = SOURCE
    for domain in Domain.objects.order_by("number"):
        for position in range(1, enablers + 1):
            EnablerQuestionFactory(
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


def review_content(statements=2, questions=2):
    """"What good looks like" statements and in-depth questions for every domain already made
    (for instance by small_framework)."""
    version = current_version()
    source = SOURCE
    for domain in Domain.objects.order_by("number"):
        for position in range(1, statements + 1):
            StatementFactory(
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


def good_lives_content(actions=4):
    """A Good Lives theme with `actions` actions for everyone, each domain cross-referenced to
    the first two (codes GL-1, GL-2, …). Needs the domains made first."""
    source = GOOD_LIVES_SOURCE
    audience = GoodLivesAudienceFactory(code="councils", name="Councils")
    theme = GoodLivesThemeFactory(code="T1", title="Theme one", summary="Summary.",
                                  source_url=source)
    made = []
    for position in range(1, actions + 1):
        action = GoodLivesActionFactory(
            code=f"GL-{position}", theme=theme, position=position, source_url=source,
            text=f"Good Lives idea number {position} for councils.")
        action.audiences.add(audience)
        made.append(action)
    for domain in Domain.objects.all():
        for position, action in enumerate(made[:2], start=1):
            CrossReferenceFactory(domain=domain, action=action, position=position,
                                  reason=f"Reason {position} for domain {domain.number}.")
    return made


def wav_bytes(seconds=0.2, rate=8000):
    """A short silent WAV recording, made here (nothing is downloaded)."""
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(1)
        sound.setframerate(rate)
        sound.writeframes(bytes([128]) * int(seconds * rate))
    return out.getvalue()
