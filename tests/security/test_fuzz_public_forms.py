"""Random input to every public form never gives a server error.

Each form either saves what was sent and reads it back the same (after the documented
normalisation: spaces trimmed; control characters and over-long text are refused with a
message) or shows the page again with a GOV.UK error message. The test client raises any
exception a view lets through, so a 500 fails the example that caused it.
"""

from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluations.models import Answer, Vote, VoteParticipant
from evaluations.selectors.surveys import survey_items
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

fuzz = settings(max_examples=30, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

# Any character a browser can send (UTF-8 cannot carry lone surrogates).
CHARACTERS = st.characters(blacklist_categories=("Cs",))
SPECIAL = ["", " ", "\x00", "a\x00b", "\r\n", "\t", "\x07bell", "\x7f", "\x85", "\u202egnp",
           "\ufeff", "😀" * 300, "<script>alert(1)</script>", "=HYPERLINK(\"http://x\")",
           "0" * 25, "%00", "../../etc/passwd", "'; DROP TABLE evaluations_answer; --"]
wild_text = st.one_of(
    st.text(CHARACTERS, max_size=60),
    st.sampled_from(SPECIAL),
    st.builds(lambda ch, n: ch * n, CHARACTERS, st.integers(400, 12000)),
    st.builds(lambda a, b: a + b, st.text(CHARACTERS, max_size=10), st.sampled_from(SPECIAL)),
)


def any_of(valid):
    """A valid value half of the time, anything at all otherwise."""
    return st.one_of(st.sampled_from(list(valid)), wild_text)


def shows_error(response):
    """The page again, with the GOV.UK error summary ("There is a problem")."""
    html = response.content.decode()
    summary = html.partition('class="govuk-error-summary"')[2]
    return response.status_code == 200 and "<li>" in summary.partition("</ul>")[0]


def outcome(response):
    assert response.status_code < 500
    return "saved" if response.status_code == 302 else "refused"


def fresh():
    """Between examples: no rate limit or sign-in lockout carried over."""
    cache.clear()
    AccessAttempt.objects.all().delete()


@pytest.fixture
def respondent(client, world):
    """A client part-way through the Easy Read survey, and its response (made by its first
    saved answer; picked up here with its resume code)."""
    from evaluations.services.responses import response_start

    response = response_start(survey=world.survey)
    client.post(reverse("surveys:code"), {"code": response.resume_code})
    return client, response


@fuzz
@given(choice=any_of(["good", "not_sure", "not_good", "no_say", ""]), comment=wild_text,
       number=st.integers(1, 5))
def test_question_page(respondent, world, choice, comment, number):
    client, response = respondent
    items = survey_items(world.survey)
    number = min(number, len(items))
    reply = client.post(reverse("surveys:question", args=[world.survey.token, number]),
                        {"choice": choice, "comment": comment})
    if outcome(reply) == "saved":
        answer = Answer.objects.get(response=response, item=items[number - 1])
        assert (answer.choice, answer.comment) == (choice, comment.strip())
    else:
        assert shows_error(reply), (choice, comment[:80])


@fuzz
@given(helped=any_of(["yes", "no", ""]), action=any_of(["continue", "stop"]))
def test_helped_question(respondent, world, helped, action):
    client, response = respondent
    response.refresh_from_db()
    before = response.helped  # the examples share one response
    reply = client.post(reverse("surveys:helped", args=[world.survey.token]),
                        {"helped": helped, "action": action})
    if outcome(reply) == "saved":
        response.refresh_from_db()
        chosen = {"yes": True, "no": False}.get(helped)
        # "Stop for now" with nothing chosen saves nothing: the answer before stays.
        expected = before if action == "stop" and chosen is None else chosen
        assert response.helped == expected
    else:
        assert shows_error(reply)


@fuzz
@given(language=any_of(["en", "cy"]))
def test_language_page(client, world, language):
    reply = client.post(reverse("surveys:start", args=[world.survey.token]),
                        {"language": language})
    if outcome(reply) == "saved":
        assert client.cookies["django_language"].value == language
    else:
        assert shows_error(reply)


@fuzz
@given(code=wild_text)
def test_code_page(client, world, code):
    fresh()
    reply = client.post(reverse("surveys:code"), {"code": code})
    if reply.status_code == 404:
        assert "This link does not work" in reply.content.decode()
    elif outcome(reply) == "refused":
        assert shows_error(reply), code[:80]


@fuzz
@given(code=st.text(st.sampled_from("ACDEFGHJKMNPQRTUVWXY34679 -"), min_size=6, max_size=12))
def test_resume_codes(client, world, code):
    fresh()
    reply = client.post(reverse("surveys:code"), {"code": code})
    assert reply.status_code in (302, 404)


@fuzz
@given(key=wild_text, extra=wild_text)
def test_check_and_send(client, respondent, world, key, extra):
    """A stranger sending with a made-up key is sent to the start; the person sends once."""
    fresh()
    token = world.survey.token
    stranger = Client()
    reply = stranger.post(reverse("surveys:send", args=[token]),
                          {"response_key": key, "extra": extra})
    assert reply.status_code == 302
    assert reply["Location"] == reverse("surveys:welcome", args=[token])
    person, response = respondent
    assert person.get(reverse("surveys:check", args=[token]), {"expired": extra[:50]}
                      ).status_code in (200, 302)
    assert person.post(reverse("surveys:send", args=[token]), {"x": extra}).status_code == 302
    response.refresh_from_db()
    assert response.is_submitted


@fuzz
@given(group=any_of(["lived_experience", "family_carers", "staff", "partners"]))
def test_vote_join(world, group):
    fresh()
    phone = Client()
    phone.get(reverse("votes:join", args=[world.live_vote.code]))  # the device cookie
    before = VoteParticipant.objects.count()
    reply = phone.post(reverse("votes:join", args=[world.live_vote.code]), {"group": group})
    if outcome(reply) == "saved":
        assert VoteParticipant.objects.latest("pk").group == group
    else:
        assert shows_error(reply)
        assert VoteParticipant.objects.count() == before


def not_the_known_bug(text):
    """Not a "number" that str.isdigit() accepts and int() refuses."""
    return not (text.isdigit() and (not text.isdecimal() or len(text) > 4300))


@fuzz
@given(choice=any_of(["good", "not_sure", "not_good", "no_say"]),
       domain=st.one_of(st.sampled_from(["1", "2", "", "0", "99", "-1", "1.5", "٢"]),
                        wild_text.filter(not_the_known_bug)))
def test_vote(world, choice, domain):
    fresh()
    code = world.live_vote.code
    client = Client()  # a new phone each time
    client.get(reverse("votes:join", args=[code]))  # the device cookie
    client.post(reverse("votes:join", args=[code]), {"group": "staff"})
    participant = VoteParticipant.objects.latest("pk")
    reply = client.post(reverse("votes:vote", args=[code]), {"choice": choice, "domain": domain})
    voted = Vote.objects.filter(participant=participant).first()
    if domain != str(world.live_vote.current_domain.number):
        # Only the domain on the screen takes votes: any other is not stored.
        assert outcome(reply) == "refused" and voted is None
        assert "This question is not on the big screen now" in reply.content.decode()
        return
    if outcome(reply) == "refused":
        assert shows_error(reply) or "closed" in reply.content.decode()
        return
    assert voted.choice == choice and voted.domain == world.live_vote.current_domain


@pytest.mark.parametrize("domain", ["²", "1" * 4301], ids=["superscript", "4301 digits"])
def test_vote_with_a_number_int_refuses(client, world, domain):
    code = world.live_vote.code
    client.post(reverse("votes:join", args=[code]), {"group": "staff"})
    reply = client.post(reverse("votes:vote", args=[code]), {"choice": "good", "domain": domain})
    assert reply.status_code in (200, 302)


@fuzz
@given(username=st.one_of(st.just("fay"), wild_text), password=wild_text, next_url=wild_text)
def test_sign_in(client, facilitator, username, password, next_url):
    fresh()
    reply = client.post(reverse("login"), {"username": username, "password": password,
                                           "next": next_url})
    assert reply.status_code == 200
    assert shows_error(reply)
    assert "_auth_user_id" not in client.session


@fuzz
@given(next_url=wild_text)
def test_sign_in_never_redirects_to_another_site(client, facilitator, next_url):
    fresh()
    client.logout()
    reply = client.post(reverse("login"), {"username": facilitator.username,
                                           "password": PASSWORD, "next": next_url})
    assert reply.status_code == 302
    target = urlsplit(reply["Location"])
    assert target.netloc in ("", "testserver") and not reply["Location"].startswith("//")


@fuzz
@given(email=st.one_of(st.just("fay@example.org"), wild_text))
def test_password_reset_request(client, facilitator, email):
    fresh()
    mail.outbox.clear()
    reply = client.post(reverse("password_reset"), {"email": email})
    if outcome(reply) == "saved":
        assert reply["Location"] == reverse("password_reset_done")
        assert len(mail.outbox) == (1 if email.strip().lower() == "fay@example.org" else 0)
    else:
        assert shows_error(reply)
        assert not mail.outbox


@fuzz
@given(first=wild_text, second=st.one_of(st.just(None), wild_text))
def test_new_password(client, facilitator, first, second):
    fresh()
    facilitator.refresh_from_db()
    uid = urlsafe_base64_encode(force_bytes(facilitator.pk))
    link = client.get(reverse("password_reset_confirm",
                              args=[uid, default_token_generator.make_token(facilitator)]))
    assert link.status_code == 302
    second = first if second is None else second
    before = facilitator.password
    reply = client.post(link["Location"], {"new_password1": first, "new_password2": second})
    facilitator.refresh_from_db()
    if outcome(reply) == "saved":
        assert first == second and facilitator.check_password(first)
    else:
        assert shows_error(reply)
        assert facilitator.password == before


def test_own_question_page_with_a_superscript_domain(client, world, facilitator):
    client.force_login(facilitator)
    url = reverse("evaluations:own_question_add", kwargs={
        "council_slug": world.council.slug, "pk": world.evaluation.pk,
        "audience": world.survey.audience})
    assert client.get(url, {"domain": "²"}).status_code == 200


def test_survey_set_up_with_a_superscript_question(client, world, facilitator):
    client.force_login(facilitator)
    url = reverse("evaluations:survey", kwargs={
        "council_slug": world.council.slug, "pk": world.evaluation.pk,
        "audience": world.survey.audience})
    assert client.post(url, {"items": ["²"]}).status_code == 200
