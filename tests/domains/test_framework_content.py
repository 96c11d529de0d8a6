"""The shipped framework content meets the minimums and every item says where it comes from."""

import pytest

from domains.models import (
    Audience,
    CrossReference,
    Domain,
    GoodLivesAction,
    GoodLivesAudience,
    GoodLivesTheme,
    SurveyQuestion,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def domains(framework):
    return list(Domain.objects.all())


def current(manager):
    return manager.filter(is_current=True)


def test_six_domains_and_domain_six_is_provisional(domains):
    assert [d.number for d in domains] == [1, 2, 3, 4, 5, 6]
    assert Domain.objects.get(number=6).provisional
    assert not Domain.objects.filter(number__lt=6, provisional=True).exists()


@pytest.mark.parametrize("number", range(1, 7))
def test_domain_minimum_content(domains, number):
    domain = Domain.objects.get(number=number)
    assert current(domain.statements).count() >= 1
    assert current(domain.enabler_questions).count() >= (5 if number == 3 else 2)
    assert current(domain.outcome_indicators).count() >= 3
    for audience in Audience.values:
        assert current(domain.survey_questions).filter(audience=audience).count() >= 3, audience
    assert current(domain.in_depth_questions).count() >= 4
    assert current(domain.resources).count() >= 3
    assert domain.cross_references.count() >= 4


def test_good_lives_minimums(framework):
    assert GoodLivesTheme.objects.count() >= 6
    assert current(GoodLivesAction.objects).count() >= 20
    for audience in GoodLivesAudience.objects.all():
        assert audience.actions.exists(), f"No Good Lives action is for {audience.name}"
    for theme in GoodLivesTheme.objects.all():
        assert theme.actions.exists(), f"Theme {theme.title} has no actions"


def all_sourced_items():
    for domain in Domain.objects.all():
        yield domain
        for manager in (domain.statements, domain.enabler_questions, domain.outcome_indicators,
                        domain.survey_questions, domain.in_depth_questions, domain.resources):
            yield from manager.all()
    yield from GoodLivesTheme.objects.all()
    yield from GoodLivesAction.objects.all()


def test_every_item_has_a_source(framework):
    items = list(all_sourced_items())
    assert len(items) > 150
    for item in items:
        assert item.source_url.startswith("https://") or item.source_url.startswith("http://"), item


def test_no_empty_text(framework):
    for domain in Domain.objects.all():
        assert domain.easy_read_summary.strip()
        assert domain.picture_alt.strip()
        assert domain.summary.strip()
    for item in all_sourced_items():
        for field in ("text", "title", "name", "description"):
            if hasattr(item, field):
                assert getattr(item, field).strip(), (item, field)


def test_easy_read_sentences_are_short(framework):
    """Easy Read: one idea per sentence, about 15 words at most."""
    lived = current(SurveyQuestion.objects).filter(audience=Audience.LIVED_EXPERIENCE)
    lived = [question.text for question in lived]
    summaries = [d.easy_read_summary for d in Domain.objects.all()]
    for text in lived + summaries:
        for sentence in text.replace("?", ".").replace("!", ".").split("."):
            assert len(sentence.split()) <= 20, sentence


def test_domain_pictures_exist(framework, settings):
    for domain in Domain.objects.all():
        assert (settings.BASE_DIR / "static" / domain.picture).exists(), domain.picture


def test_every_cross_reference_resolves(framework):
    for link in CrossReference.objects.select_related("domain", "action"):
        assert link.action.is_current
        assert link.reason.strip()
