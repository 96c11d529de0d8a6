"""The Listen button, with a stand-in for the browser's speech synthesis.

Headless Chromium has no voices, so an init script replaces window.speechSynthesis with a
fake that records every utterance and reports voices for the given languages. Its voices
arrive late, through 'voiceschanged', as they do in real browsers. Each respondent page is
read and what would be said is checked: the question, the hint, every answer, the skip
sentence, what each button does, picture descriptions and the resume code letter by letter.
"""

from evaluations.models import Response
from evaluations.selectors.surveys import survey_items

from .conftest import assert_no_axe_violations, assert_reflows, watch_for_errors
from .helpers import with_voices


def listen(page, name="Listen"):
    """Press Listen; return what would be said, as (text, lang) pieces. Then press it again
    to stop. The button keeps its one name; aria-pressed alone says it is reading."""
    button = page.get_by_role("button", name=name, exact=True)
    button.wait_for(state="visible")
    assert button.get_attribute("aria-pressed") == "false"
    page.evaluate("window.__spoken = []")
    button.click()
    page.wait_for_function("() => window.__spoken.length > 0")
    assert button.get_attribute("aria-pressed") == "true"  # found by the same name
    spoken = page.evaluate("window.__spoken")
    cancelled = page.evaluate("window.__cancelled")
    button.click()
    assert button.get_attribute("aria-pressed") == "false"
    assert page.evaluate("window.__cancelled") > cancelled
    return [(piece["text"], piece["lang"]) for piece in spoken]


PICTURES = """() => [...document.querySelectorAll("#main-content img")]
  .filter((img) => img.alt && !img.closest("[data-listen-skip], [hidden]"))
  .map((img) => img.alt)"""


def read_page(page, *expected):
    """Listen to the page: it says every picture's description and all of `expected`."""
    said = listen(page)
    assert_said(said, *page.evaluate(PICTURES), *expected)
    return said


def words(pieces):
    return [text for text, _lang in pieces]


def assert_said(pieces, *expected):
    said = words(pieces)
    text = " | ".join(said)
    missing = [part for part in expected if part not in text]
    assert not missing, f"Not read: {missing}\nRead: {said}"


def spelled(code):
    return ", ".join(character for character in code if character.isalnum())


def test_listen_reads_everything_a_person_needs(page, live_server, lived_survey):
    with_voices(page, "en-GB", "fr-FR")
    errors = watch_for_errors(page)
    token = lived_survey.token
    items = survey_items(lived_survey)

    page.goto("/s/")
    read_page(page, "Enter your code", "6 or 8 letters and numbers",
                "Continue: go to your survey")

    page.goto(f"/s/{token}/")
    said = read_page(page, "Choose your language", "English", "Cymraeg",
                "Continue: go on in this language")
    assert ("Dewiswch eich iaith", "cy") in said  # Welsh words in a Welsh voice
    assert ("Cymraeg", "cy") in said
    page.get_by_label("English").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/s/{token}/welcome/")

    pictures = page.evaluate(PICTURES)
    assert len(pictures) >= 3
    read_page(page, "Tell us what you think", "We do not ask your name.",
              "Start: go to the first question")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url(f"**/s/{token}/q/1/")

    item = items[0]
    said = read_page(page, f"Question 1 of {len(items)}", item.text,
                "Good", "Not sure", "Not good", "I don't want to say",
                "You can skip this question. Press Continue without choosing.",
                "Continue: go to the next question",
                "Stop for now: get a code to carry on later")
    # Nothing is saved yet, so there is no code to read.
    assert "Your code to carry on later:" not in " | ".join(words(said))
    if item.hint:
        assert_said(said, item.hint)
    assert all(lang == "en" for _text, lang in said)

    page.get_by_label("Good", exact=True).check()
    page.get_by_role("button", name="Stop for now").click()
    page.wait_for_url(f"**/s/{token}/stop/")
    code = Response.objects.get(survey=lived_survey).resume_code_display
    said = read_page(page, "Your answers are saved", "Write it down",
                "Carry on now: go back to your questions")
    code_at = words(said).index("You need this code:")
    assert words(said)[code_at + 1] == spelled(code)

    page.goto(f"/s/{token}/helped/")
    read_page(page, "Did someone help you fill this in?", "It is fine to get help.",
                "Yes", "No", "Continue: check your answers",
                "Stop for now: get a code to carry on later", spelled(code))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/s/{token}/check/")

    read_page(page, "Check your answers", item.text, "Good", "Skipped",
                "Change your answer to question 1", "Change whether someone helped you",
                "Send my answers: you cannot change them after this", spelled(code))
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url(f"**/s/{token}/sent/")

    read_page(page, "Your answers have been sent", "Thank you",
                "will read all the answers")
    assert errors() == []


def test_listen_is_hidden_without_a_voice(page, live_server, lived_survey):
    """No voice for the page's language: no Listen button (and no note on English pages)."""
    with_voices(page, "fr-FR")
    page.goto(f"/s/{lived_survey.token}/")
    page.wait_for_function("() => window.speechSynthesis.getVoices().length > 0")
    page.wait_for_timeout(300)
    assert page.locator("[data-listen-button]").is_hidden()
    assert page.locator("[data-listen-no-voice]").count() == 0


def test_welsh_page_without_a_welsh_voice_says_so(page, live_server, lived_survey):
    with_voices(page, "en-GB")
    page.goto(f"/s/{lived_survey.token}/")
    page.get_by_label("Cymraeg").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/s/{lived_survey.token}/welcome/")
    assert page.get_attribute("html", "lang") == "cy"
    note = page.locator("[data-listen-no-voice]")
    note.wait_for(state="visible")
    assert page.locator("[data-listen-button]").is_hidden()


def test_welsh_page_reads_english_words_in_english(page, live_server, lived_survey):
    with_voices(page, "en-GB", "cy-GB")
    page.goto(f"/s/{lived_survey.token}/")
    page.get_by_label("Cymraeg").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/s/{lived_survey.token}/welcome/")
    page.goto(f"/s/{lived_survey.token}/")
    assert page.get_attribute("html", "lang") == "cy"
    said = listen(page, name=page.locator("[data-listen-button]").inner_text().strip())
    assert ("English", "en") in said
    assert ("Dewiswch eich iaith", "cy") in said
    assert ("Choose your language", "en") in said  # the hint, for someone who reads English
    assert page.locator("[data-listen-no-voice]").is_hidden()
    assert page.evaluate("window.__spoken.find((piece) => piece.text === 'English').voice") \
        == "en-GB"


def test_a_link_that_does_not_work(page, live_server, lived_survey):
    """The Easy Read "This link does not work" page: read aloud, with the code form; it passes
    axe and reflows at 320px."""
    with_voices(page, "en-GB")
    reply = page.goto(f"/s/{lived_survey.token}/q/999/")
    assert reply.status == 404
    read_page(page, "This link does not work", "Type your code", "Continue: try this code")
    assert_no_axe_violations(page)
    assert_reflows(page)
    page.get_by_label("Type your code").fill(lived_survey.short_code.lower())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/s/{lived_survey.token}/")
