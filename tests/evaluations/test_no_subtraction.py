"""A property test: whatever the people and their answers, no filter the results pages offer
shows a small group, and no small group can be worked out by taking one shown figure from
another. Random small populations are written to the database and read back through the
same functions the pages, files and reports use."""

import itertools

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domains.models import SCALE_FOR_AUDIENCE
from evaluations.models import SCALE_CHOICES, SCORES, Answer, Response, random_code
from evaluations.scores import SURVEY_VOICES, Filters
from evaluations.selectors.results import comment_list, evaluation_results
from evaluations.selectors.surveys import survey_items

pytestmark = pytest.mark.django_db

DOMAINS = (1, 2)
HELPED = (True, False, None)
# Every combination of filters the results and comments pages offer.
FILTERS = [Filters(audiences=audiences, helped=helped)
           for audiences in (SURVEY_VOICES, *[(v,) for v in SURVEY_VOICES])
           for helped in (None, True, False)]
_codes = itertools.count()


def person(audience):
    scale = SCALE_CHOICES[SCALE_FOR_AUDIENCE[audience]]
    answer = st.tuples(st.sampled_from(["", *scale]), st.booleans())
    return st.fixed_dictionaries({
        "audience": st.just(audience),
        "helped": st.sampled_from(HELPED),
        "answers": st.tuples(*[answer for _ in DOMAINS]),
    })


population = st.lists(
    st.sampled_from(SURVEY_VOICES).flatmap(person), min_size=0, max_size=24)


def write(evaluation, people):
    """The people, as sent responses answering the first question of each domain."""
    surveys = {s.audience: s for s in evaluation.surveys.all()}
    items = {a: {i.domain.number: i for i in reversed(survey_items(s))}
             for a, s in surveys.items()}
    now = timezone.now()
    responses = Response.objects.bulk_create(
        Response(survey=surveys[p["audience"]], helped=p["helped"], submitted_at=now,
                 status=Response.Status.SUBMITTED,
                 resume_code=f"{random_code(3)}{next(_codes):05d}"[-8:])
        for p in people)
    answers = []
    for response, p in zip(responses, people, strict=True):
        for number, (choice, commented) in zip(DOMAINS, p["answers"], strict=True):
            if choice or commented:
                answers.append(Answer(
                    response=response, item=items[p["audience"]][number], choice=choice,
                    comment=f"{p['audience']} {number} {response.pk}" if commented else ""))
    Answer.objects.bulk_create(answers)


def truth(people, number, audience, helped_values):
    """Who in the population stands behind one figure: (people who answered, people who
    gave a score, {choice: count}, comments)."""
    answered = scored = 0
    counts, comments = {}, 0
    for p in people:
        if p["audience"] != audience or p["helped"] not in helped_values:
            continue
        choice, commented = p["answers"][DOMAINS.index(number)]
        if choice or commented:
            answered += 1
        if choice:
            counts[choice] = counts.get(choice, 0) + 1
            scored += SCORES[choice] is not None
        comments += commented
    return answered, scored, counts, comments


def helped_values(filters):
    return HELPED if filters.helped is None else (filters.helped,)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(people=population, threshold=st.integers(min_value=2, max_value=6))
def test_no_filter_shows_or_gives_away_a_small_group(evaluation, people, threshold):
    with transaction.atomic():
        council = evaluation.council
        council.small_number_threshold = threshold
        council.save()
        write(evaluation, people)
        shown = {}  # (number, audience, filters.helped) -> VoiceResult
        comments = {}  # filters.helped -> set of comments shown
        for filters in FILTERS:
            for result in evaluation_results(evaluation, filters):
                if result.domain.number not in DOMAINS:
                    continue
                for voice in result.voices:
                    if voice.voice not in SURVEY_VOICES:
                        continue
                    key = (result.domain.number, voice.voice, filters.helped)
                    if key in shown:  # the audience filter changes nothing about a voice
                        assert shown[key] == voice
                    shown[key] = voice
            if filters.audiences == SURVEY_VOICES:
                comments[filters.helped] = set(
                    comment_list(evaluation, filters).values_list("comment", flat=True))
        transaction.set_rollback(True)

    for (number, audience, helped), voice in shown.items():
        answered, scored, counts, _comments = truth(
            people, number, audience, helped_values(Filters(helped=helped)))
        if voice.suppressed:
            assert (voice.people, voice.answered, voice.score, voice.distribution) == (
                0, 0, None, [])
            continue
        # A figure that is shown is about enough people, and it is the truth.
        assert answered == 0 or scored >= threshold
        assert voice.people == answered
        assert {c: n for c, _label, n in voice.distribution if n} == counts

    for number, audience in itertools.product(DOMAINS, SURVEY_VOICES):
        views = {h: shown[(number, audience, h)] for h in (None, True, False)}
        visible = {h for h, v in views.items() if not v.suppressed}
        # Whatever "everyone" minus the shown parts leaves is nobody or enough people.
        if None in visible:
            for taken in ({True}, {False}, {True, False}):
                if taken <= visible:
                    left = set(HELPED) - taken
                    answered, scored, _counts, _c = truth(people, number, audience, left)
                    assert answered == 0 or scored >= threshold, (number, audience, taken)

    # Where a filtered view shows a domain's comments, those it leaves out of everyone's
    # are the comments of the other people: never of a small group. (Where the filtered view
    # is hidden it shows no comments, and leaving out all of them tells nothing.)
    for taken in (True, False):
        left = set(HELPED) - {taken}
        for comment in comments[None] - comments[taken]:
            audience, number, _pk = comment.split()
            if shown[(int(number), audience, taken)].suppressed:
                continue
            answered, scored, _counts, _c = truth(people, int(number), audience, left)
            assert scored >= threshold, comment
