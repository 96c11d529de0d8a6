"""The respondent's survey in real Chromium: keyboard only, without JavaScript, stop and
resume on another device, the Listen button and the comment box's character count.

The live server shares the test database, so each test checks what was stored with the ORM
once the journey is over.
"""

import re

import pytest

from evaluations.models import Answer, Response
from evaluations.selectors.surveys import survey_items
from evaluations.services.surveys import survey_questions_choose

from .conftest import _new_page, close_context, watch_for_errors
from .helpers import start_survey

FOCUSED = """() => {
  const el = document.activeElement;
  return {tag: el.tagName.toLowerCase(), name: el.name || "", value: el.value || "",
          text: (el.textContent || "").trim(), checked: Boolean(el.checked)};
}"""

# The question page's caption and heading, both inside the fieldset's legend.
HEADING = """() => [...document.querySelectorAll("legend .govuk-caption-l, legend h1")].map(
  (el) => el.textContent.trim())"""

COMMENT = "Staff listen to me & I choose my food"


def focused(page):
    return page.evaluate(FOCUSED)


def tab_to(page, most=40, **wanted):
    """Press Tab until the focused element has all of `wanted` (tag, name, text, ...)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        now = focused(page)
        if all(now[key] == value for key, value in wanted.items()):
            return now
    pytest.fail(f"Nothing like {wanted} got focus after {most} presses of Tab ({page.url})")


def checked_value(page, name):
    return page.evaluate(
        "(name) => document.querySelector(`input[name=${name}]:checked`)?.value ?? null", name
    )


# How each question is answered with the keyboard, in turn: the keys pressed once the
# radios have focus (Tab lands on the first answer when none is chosen), what that chooses,
# and how the page is sent: Enter on the radio itself, or Tab to Continue and Enter.
KEYBOARD_ANSWERS = [
    (["Space"], "good", "enter"),
    (["ArrowDown"], "not_sure", "tab"),
    (["ArrowDown", "ArrowDown"], "not_good", "enter"),
    (["ArrowUp"], "no_say", "tab"),  # the arrow keys wrap round to the last answer
]
SKIPPED = 2  # Continue with nothing chosen
COMMENTED = 3  # types in "Tell us more"
# Without JavaScript every question page is the same page as with it, less the scripts, so
# the journey asks only the first six questions (every way of answering above), to keep
# the suite quick. Set to None to go through the whole survey.
NOJS_QUESTIONS = 6


@pytest.mark.parametrize("javascript", ["js", "nojs"])
def test_easy_read_survey_with_the_keyboard_only(javascript, live_server, lived_survey,
                                                 request):
    """Choose a language, start, answer each question (skip one, comment on one), say
    someone helped, check and send: the keyboard alone, with and without JavaScript."""
    page = request.getfixturevalue("page" if javascript == "js" else "page_nojs")
    errors = watch_for_errors(page) if javascript == "js" else None
    items = survey_items(lived_survey)
    if javascript == "nojs" and NOJS_QUESTIONS:
        items = items[:NOJS_QUESTIONS]
        survey_questions_choose(survey=lived_survey, enabled_item_ids=[i.pk for i in items])
    token = lived_survey.token

    page.goto(f"/s/{token}/")
    assert tab_to(page, tag="input", name="language") == {
        "tag": "input", "name": "language", "value": "en", "text": "", "checked": True}
    page.keyboard.press("ArrowDown")
    assert checked_value(page, "language") == "cy"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")
    assert checked_value(page, "language") == "en"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/s/{token}/welcome/")
    assert page.get_attribute("html", "lang") == "en"

    listen = page.locator("[data-listen-button]")
    if javascript == "nojs":
        assert listen.is_hidden(), "The Listen button needs JavaScript, so it must be hidden"

    tab_to(page, tag="button", text="Start")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/s/{token}/q/1/")
    if javascript == "nojs":
        assert listen.is_hidden()

    expected = {}
    for number, item in enumerate(items, start=1):
        assert page.evaluate(HEADING) == [f"Question {number} of {len(items)}", item.text]
        next_url = f"**/s/{token}/q/{number + 1}/" if number < len(items) else \
            f"**/s/{token}/helped/"
        if number == SKIPPED:
            tab_to(page, tag="button", text="Continue")
            page.keyboard.press("Enter")
            page.wait_for_url(next_url)
            expected[item.pk] = ("", "")
            continue
        keys, choice, send = KEYBOARD_ANSWERS[(number - 1) % len(KEYBOARD_ANSWERS)]
        first = tab_to(page, tag="input", name="choice")
        assert first["value"] == "good" and not first["checked"], first
        for key in keys:
            page.keyboard.press(key)
        assert checked_value(page, "choice") == choice, f"question {number}"
        comment = ""
        if number == COMMENTED:
            tab_to(page, tag="textarea")
            page.keyboard.type(COMMENT)
            comment = COMMENT
            send = "tab"
        if send == "tab":
            tab_to(page, tag="button", text="Continue")
        page.keyboard.press("Enter")
        page.wait_for_url(next_url)
        expected[item.pk] = (choice, comment)

    assert page.locator("h1").inner_text() == "Did someone help you fill this in?"
    tab_to(page, tag="input", name="helped")
    page.keyboard.press("Space")
    assert checked_value(page, "helped") == "yes"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/s/{token}/check/")

    assert page.locator("h1").inner_text() == "Check your answers"
    rows = page.locator(".bl-answer")
    assert rows.count() == len(items) + 1
    values = page.locator(".bl-answer__words").all_inner_texts()
    labels = {"good": "Good", "not_sure": "Not sure", "not_good": "Not good",
              "no_say": "I don't want to say", "": "Skipped"}
    for value, item in zip(values, items, strict=False):
        choice, comment = expected[item.pk]
        assert value.splitlines()[0] == labels[choice], item.text
        assert (COMMENT in value) == bool(comment), item.text
    assert values[-1] == "Yes"

    tab_to(page, tag="button", text="Send my answers")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/s/{token}/sent/")
    assert page.locator(".govuk-panel__title").inner_text() == "Your answers have been sent"
    if javascript == "js":
        assert errors() == []

    response = Response.objects.get(survey=lived_survey)
    assert response.is_submitted and response.helped is True
    assert response.language == "en"
    stored = {a.item_id: (a.choice, a.comment) for a in Answer.objects.filter(response=response)}
    assert stored == expected


def answer(page, label, *, button="Continue"):
    page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name=button).click()


def test_stop_and_carry_on_in_another_browser(browser, live_server, page, lived_survey):
    """Stop after two questions, then carry on with the resume code in a new browser
    context (another phone: no cookies), typed in lower case with a space.

    The survey asks only its first five questions here: the keyboard test above goes
    through all of them, and what matters here is carrying on.
    """
    items = survey_items(lived_survey)[:5]
    survey_questions_choose(survey=lived_survey, enabled_item_ids=[item.pk for item in items])
    token = lived_survey.token
    start_survey(page, lived_survey)
    answer(page, "Good")
    page.wait_for_url(f"**/s/{token}/q/2/")
    answer(page, "Not sure", button="Stop for now")
    page.wait_for_url(f"**/s/{token}/stop/")
    assert page.locator("h1").inner_text() == "Your answers are saved"
    code = page.locator(".bl-code--large").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code), code

    context, other = _new_page(browser, live_server)
    try:
        assert context.cookies() == []
        other.goto("/s/")
        other.get_by_label("Enter your code").fill(code.replace("-", " ").lower())
        other.get_by_role("button", name="Continue").click()
        other.wait_for_url(f"**/s/{token}/q/3/")
        assert other.locator("legend .govuk-caption-l").inner_text() == \
            f"Question 3 of {len(items)}"
        assert other.locator(".bl-resume-code .bl-code").inner_text() == code
        for number in range(3, len(items) + 1):
            answer(other, "Not good")
            other.wait_for_url(f"**/s/{token}/q/{number + 1}/" if number < len(items)
                               else f"**/s/{token}/helped/")
        answer(other, "No, I did it on my own")
        other.wait_for_url(f"**/s/{token}/check/")
        values = other.locator(".bl-answer__words").all_inner_texts()
        assert values[:3] == ["Good", "Not sure", "Not good"]
        assert values[-1] == "No"
        other.get_by_role("button", name="Send my answers").click()
        other.wait_for_url(f"**/s/{token}/sent/")
        assert other.locator(".govuk-panel__title").inner_text() == \
            "Your answers have been sent"
    finally:
        close_context(context)

    response = Response.objects.get(survey=lived_survey)
    assert response.is_submitted and response.helped is False
    choices = dict(Answer.objects.filter(response=response).values_list("item_id", "choice"))
    assert choices == {item.pk: "good" if n == 1 else "not_sure" if n == 2 else "not_good"
                       for n, item in enumerate(items, start=1)}


def test_question_page_with_javascript(page, live_server, lived_survey):
    """The Listen button is shown only where the browser has a voice; GOV.UK's character
    count starts on the "tell us more" box; and nothing fails in the console or is blocked
    by the Content-Security-Policy."""
    errors = watch_for_errors(page)
    start_survey(page, lived_survey)

    # Listen is shown only where the browser has a voice for the page's language (headless
    # Chromium has none). What it reads is tested with a stand-in voice in test_listen.py.
    button = page.locator("[data-listen-button]")
    has_voice = page.evaluate(
        "() => speechSynthesis.getVoices().some((voice) => voice.lang.startsWith('en'))")
    if has_voice:
        button.wait_for(state="visible")
    else:
        assert button.is_hidden()

    status = page.locator(".govuk-character-count__status")
    status.wait_for(state="visible")
    assert status.inner_text() == "You can write 500 more letters"
    page.get_by_label("Tell us more (you do not have to)").fill("x" * 510)
    page.get_by_text("You have 10 letters too many").wait_for()
    assert errors() == []
