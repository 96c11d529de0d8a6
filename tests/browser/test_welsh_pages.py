"""With Cymraeg chosen, every page a respondent or a phone in a live vote sees, and a broad
sample of staff pages, is wholly in Welsh.

Each page's visible text (each paragraph, heading, label, button or cell on its own, like the
Listen button reads it), its placeholder, aria-label, alt and title attributes, and the
document title are collected in Chromium. Text inside an element whose nearest `lang` is not
Welsh is left out: English marked lang="en" is fine. What is left must not be English, told
two ways (tests/browser/welsh_text.py): it contains an English source string (django.po,
the framework's `*_en` texts, English-only data), or distinctly English words. Also: the
page says <html lang="cy">, and on pages with a Listen button nothing English is read in a
Welsh voice (a stand-in voice records what would be said).

The council is in Wales and everything people typed (titles, comments, actions) is in Welsh,
so any English is the service's own. All pages are walked before the one assertion, which
lists every page's findings; the same list, grouped by the kind of fix, is printed.
"""


import pytest
from django.urls import reverse

from evaluations.models import Group
from evaluations.services.live_votes import live_vote_close_domain, live_vote_end, live_vote_start

from .conftest import close_context, signed_in
from .welsh_text import EnglishDetector
from .welsh_walk import WELSH, Walk, choose, enter_code, press, report

pytestmark = pytest.mark.browser


def walk_respondent(walk, browser, live_server, data):
    lived, carers = data["lived"], data["carers"]
    code = None
    context, page = walk.context(browser, live_server)
    with walk.part("respondent"):
        walk.look(page, "survey: enter your code", "/s/")
        press(page)
        walk.look(page, "survey: enter your code, nothing typed (error)")
        walk.look(page, "survey: choose your language", f"/s/{lived.token}/")
        choose(page, "language", WELSH)
        press(page)
        walk.look(page, "survey: welcome (Easy Read)")
        press(page, "start")
        walk.look(page, "survey: Easy Read question (lived experience)")
        choose(page, "choice", "good")
        press(page, "stop")
        walk.look(page, "survey: stop for now, your code")
        code = page.locator(".bl-code--large").inner_text().strip()
        for href in page.locator("footer a").evaluate_all("(links) => links.map(a => a.href)"):
            walk.look(page, f"survey footer: {href.rstrip('/').rsplit('/', 1)[-1]}", href)
        walk.look(page, "survey: link does not work", "/s/no-such-link/", status=404)
        walk.look(page, "survey: You said, we did", f"/s/{lived.token}/you-said/")
    close_context(context)

    context, page = walk.context(browser, live_server)  # another phone: carry on by code
    with walk.part("respondent, carrying on"):
        assert code, "No resume code: the first part of the walk stopped early"
        enter_code(page, code)
        walk.look(page, "survey: carried on by code (question 2, code shown)")
        choose(page, "choice", "not_sure")
        press(page, "continue")
        walk.look(page, "survey: did someone help you")
        choose(page, "helped", "yes")
        press(page, "continue")
        walk.look(page, "survey: check your answers")
        press(page)
        walk.look(page, "survey: answers sent")
    close_context(context)

    context, page = walk.context(browser, live_server)
    with walk.part("family carers survey"):
        page.goto(f"/s/{carers.token}/")
        choose(page, "language", WELSH)
        press(page)
        walk.look(page, "survey: welcome (family carers)")
        press(page, "start")
        walk.look(page, "survey: standard question (family carers)")
    close_context(context)


def walk_phone_vote(walk, browser, live_server, data):
    live_vote = live_vote_start(workshop=data["workshop"])
    context, page = walk.context(browser, live_server)
    with walk.part("phone vote"):
        enter_code(page, live_vote.code)
        walk.look(page, "vote: which group are you in")
        choose(page, "group", Group.FAMILY_CARERS)
        press(page)
        walk.look(page, "vote: how well are we doing")
        press(page)
        walk.look(page, "vote: no face chosen (error)")
        choose(page, "choice", "good")
        press(page)
        walk.look(page, "vote: thank you, your vote is counted")
        live_vote_close_domain(live_vote=live_vote, domain=live_vote.current_domain)
        walk.look(page, "vote: voting closed on this question", f"/v/{live_vote.code}/vote/")
        live_vote_end(live_vote=live_vote)
        walk.look(page, "vote: this vote has ended", f"/v/{live_vote.code}/vote/")
    close_context(context)


def choose_welsh_as_staff(page):
    """Keep Cymraeg as this person's own language through "Your language", which wins over
    the cookie once saved; without that page the language cookie alone is used."""
    response = page.goto("/account/language/")
    if response.status == 200:
        choose(page, "language", WELSH)
        press(page)


def walk_staff(walk, browser, live_server, data):
    evaluation = data["evaluation"]
    slug = data["council"].slug
    base = {"council_slug": slug, "pk": evaluation.pk}
    survey = {**base, "audience": "lived_experience"}
    pages = [
        ("staff: councils", reverse("councils")),
        ("staff: council home", reverse("council_home", kwargs={"council_slug": slug})),
        ("staff: evaluation task list", reverse("evaluations:detail", kwargs=base)),
        ("staff: survey setup", reverse("evaluations:survey", kwargs=survey)),
        ("staff: share the survey", reverse("evaluations:share", kwargs=survey)),
        ("staff: poster", reverse("evaluations:poster", kwargs=survey)),
        # Asks for the paper questionnaire (made at once in tests), then its status page.
        ("staff: paper questionnaire", reverse("evaluations:paper_pdf", kwargs=survey)),
        ("staff: results", reverse("evaluations:results", kwargs=base)),
        ("staff: results, domain 1",
         reverse("evaluations:results_domain", kwargs={**base, "number": 1})),
        ("staff: step 2, choose domains", reverse("evaluations:choose_domains", kwargs=base)),
        ("staff: action plan", reverse("actionplans:plan", kwargs=base)),
        ("staff: reports", reverse("actionplans:reports", kwargs=base)),
        ("staff: workshops", reverse("evaluations:workshops", kwargs=base)),
        ("staff: workshop pack", reverse("evaluations:workshop_pack", kwargs={
            **base, "workshop_pk": data["workshop"].pk})),
        ("staff: council's own check", reverse("evaluations:council_check", kwargs=base)),
        ("staff: framework overview", reverse("domains:overview")),
        ("staff: framework domain 1", reverse("domains:detail", kwargs={"number": 1})),
        ("staff: Good Lives library", reverse("domains:good_lives")),
        ("staff: pictures we use", reverse("pages:pictures")),
        ("staff: two-factor set-up", reverse("two_factor_set_up")),
        ("staff: your language", reverse("your_language")),
    ]
    context, page = walk.context(browser, live_server, voices=False)
    with walk.part("staff"):
        walk.look(page, "staff: sign in", reverse("login"))
        press(page)
        walk.look(page, "staff: sign in, nothing typed (error)")
        signed_in(page, live_server, data["facilitator"])
        choose_welsh_as_staff(page)
        for name, path in pages:
            with walk.part(name):
                walk.look(page, name, path)
        walk.look(page, "staff: page not found", "/no-such-page/", status=404)
    close_context(context)


def test_every_page_is_wholly_in_welsh(browser, live_server, welsh_data):
    walk = Walk(EnglishDetector())
    walk_respondent(walk, browser, live_server, welsh_data)
    walk_phone_vote(walk, browser, live_server, welsh_data)
    walk_staff(walk, browser, live_server, welsh_data)
    pages, fixes = report(walk)
    walked = [p for p in walk.pages if not p.unchecked]
    assert len(walked) >= 45, f"Only {len(walked)} pages were checked:\n{pages}"
    failing = [p for p in walk.pages if p.findings]
    if failing:
        pytest.fail(f"{len(failing)} of {len(walk.pages)} pages show English with Cymraeg "
                    f"chosen.\n{pages}\n\nBy the kind of fix:\n{fixes}", pytrace=False)
