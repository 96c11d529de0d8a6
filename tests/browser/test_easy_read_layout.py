"""Easy Read layout in real Chromium: each picture sits on the left of its words at 320 and
1280 CSS px, at least 60 px wide, and on a 320 x 640 phone the first answer face of every
question is on the first screen, with the Listen button showing.

Bounded in time: each question page is opened once per width, by its address, and measured
with one script call.
"""

import time

from evaluations.selectors.surveys import survey_items

from .conftest import DESKTOP, NARROW, check_pages

MIN_PICTURE = 60  # CSS px: "about 64"
TIME_LIMIT = 90  # seconds for the whole walk through the survey

# Shows the Listen button (as on a phone that can speak), then measures the question page.
QUESTION = """() => {
  const listen = document.querySelector("[data-listen-button]");
  if (listen) listen.hidden = false;
  const box = (selector) => {
    const el = document.querySelector(selector);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width};
  };
  const picture = document.querySelector(".bl-question-picture");
  return {face: box(".bl-face"), picture: box(".bl-question-picture"),
          heading: box("legend h1"), src: picture && picture.getAttribute("src"),
          alt: picture && picture.getAttribute("alt"),
          scrollY: window.scrollY, height: window.innerHeight};
}"""

# Every picture beside words on the page: [picture box, words box, src].
PICTURE_ROWS = """() => [...document.querySelectorAll(".bl-picture-item, .bl-question-head")]
  .map((row) => {
    const picture = row.querySelector(".bl-picture-item__picture, .bl-question-picture");
    const words = row.querySelector(
      ".bl-picture-item__text, .bl-question-head__text, .govuk-fieldset__heading");
    if (!picture || !words) return null;
    const p = picture.getBoundingClientRect(), w = words.getBoundingClientRect();
    return {src: picture.getAttribute("src"), pictureRight: p.right, pictureWidth: p.width,
            pictureTop: p.top, pictureBottom: p.bottom, wordsLeft: w.left, wordsTop: w.top,
            wordsBottom: w.bottom};
  }).filter(Boolean)"""


def beside(row):
    """The picture is left of its words and level with them (their boxes overlap in height)."""
    return (row["pictureRight"] <= row["wordsLeft"] + 1
            and row["pictureTop"] < row["wordsBottom"] and row["wordsTop"] < row["pictureBottom"])


def layout_failures(page, name):
    failures = []
    for label, size in (("320px", NARROW), ("1280px", DESKTOP)):
        page.set_viewport_size(size)
        rows = page.evaluate(PICTURE_ROWS)
        if not rows:
            failures.append(f"[{name} at {label}] no picture beside any words")
        for row in rows:
            if not beside(row):
                failures.append(f"[{name} at {label}] {row['src']} is not left of its words")
            if row["pictureWidth"] < MIN_PICTURE:
                failures.append(f"[{name} at {label}] {row['src']} is "
                                f"{row['pictureWidth']:.0f}px wide")
    page.set_viewport_size(DESKTOP)
    return failures


def test_each_question_picture_is_left_of_the_question_and_the_first_face_fits_a_phone(
    page, live_server, lived_survey
):
    token = lived_survey.token
    items = survey_items(lived_survey)
    page.goto(f"/s/{token}/")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/s/{token}/welcome/")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url(f"**/s/{token}/q/1/")

    started = time.monotonic()
    failures = []
    for label, size in (("320px", NARROW), ("1280px", DESKTOP)):
        page.set_viewport_size(size)
        for number, item in enumerate(items, start=1):
            page.goto(f"/s/{token}/q/{number}/", wait_until="load")
            seen = page.evaluate(QUESTION)
            where = f"[question {number} {item.question.code} at {label}]"
            if not seen["src"] or not seen["src"].endswith(item.question.picture):
                failures.append(f"{where} shows {seen['src']}, not {item.question.picture}")
            if seen["alt"] != item.question.picture_alt:
                failures.append(f"{where} describes its picture as {seen['alt']!r}")
            picture, heading, face = seen["picture"], seen["heading"], seen["face"]
            if picture["width"] < MIN_PICTURE:
                failures.append(f"{where} picture only {picture['width']:.0f}px wide")
            if picture["right"] > heading["left"] + 1 or not (
                picture["top"] < heading["bottom"] and heading["top"] < picture["bottom"]
            ):
                failures.append(f"{where} picture is not on the left of the question")
            if size is NARROW and (seen["scrollY"] != 0 or face["bottom"] > seen["height"]):
                failures.append(f"{where} first face ends at {face['bottom']:.0f}px, below "
                                f"the {seen['height']}px screen")
    elapsed = time.monotonic() - started
    assert not failures, "\n".join(failures)
    assert elapsed < TIME_LIMIT, f"the walk took {elapsed:.0f}s"


def test_respondent_pages_keep_pictures_left_of_their_words(page, live_server, lived_survey):
    token = lived_survey.token
    failures = []
    page.goto(f"/s/{token}/")
    failures += layout_failures(page, "choose your language")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/s/{token}/welcome/")
    failures += layout_failures(page, "welcome")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url(f"**/s/{token}/q/1/")
    page.get_by_role("button", name="Stop for now").click()
    page.wait_for_url(f"**/s/{token}/stop/")
    failures += layout_failures(page, "stop for now")
    page.goto(f"/s/{token}/helped/")
    failures += layout_failures(page, "did someone help you")
    page.get_by_label("No, I did it on my own").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/s/{token}/check/")
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url(f"**/s/{token}/sent/")
    failures += layout_failures(page, "answers sent")
    page.goto("/s/")
    failures += layout_failures(page, "enter your code")
    assert not failures, "\n".join(failures)


def test_a_label_that_is_the_page_heading_is_larger_than_the_words_under_it(page, live_server):
    # "Enter your code" is the label of the code box, inside the page's h1.
    page.set_viewport_size(DESKTOP)
    page.goto("/s/")
    sizes = page.evaluate("""() => [".bl-question-head h1 label", "#id_code-hint"].map(
      (selector) => parseFloat(getComputedStyle(document.querySelector(selector)).fontSize))""")
    heading, hint = sizes
    assert heading > hint * 1.3, sizes


def test_pictures_page_is_accessible(page, live_server):
    check_pages(page, [("pictures we use", "/pictures/", None)])
    assert page.locator(".bl-picture-item").count() >= 26
