"""A page on another site that posts a survey form, in real Chromium.

The lure is served by a tiny HTTP server on 127.0.0.1 (another origin, and another site: the
live server is on localhost). It auto-submits a survey question naming a response the
"attacker" started. The visitor, a signed-in member of staff part-way through the survey,
must keep their own session, their sign-in and their own response; nothing is bound or saved.

Everything is bounded: the page's default timeout (conftest.TIMEOUT_MS), and the lure server
is shut down in a `finally`.
"""

import html
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from evaluations.models import Answer, Response
from evaluations.services.responses import response_start

from .conftest import signed_in
from .helpers import start_survey

LURE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Win a prize</title></head><body>
<form method="post" action="{action}">
  <input type="hidden" name="choice" value="good">
  <input type="hidden" name="comment" value="Posted by another site">
  <input type="hidden" name="response_key" value="{key}">
  <button type="submit">Claim</button>
</form>
<script>document.forms[0].submit();</script>
</body></html>"""


@contextmanager
def lure_server(page_html):
    """Serve `page_html` on 127.0.0.1 at a free port; yields its address."""
    body = page_html.encode()

    class Lure(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Lure)
    server.timeout = 5
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def session_cookie(page, live_server):
    cookies = {c["name"]: c["value"] for c in page.context.cookies(live_server.url)}
    return cookies.get(settings.SESSION_COOKIE_NAME)


def test_a_form_posted_from_another_site_changes_nothing(page, live_server, lived_survey,
                                                         facilitator):
    token = lived_survey.token
    signed_in(page, live_server, facilitator)
    start_survey(page, lived_survey)
    # The first saved answer makes the response.
    page.get_by_label("Good", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/s/{token}/q/2/")
    own = Response.objects.get(survey=lived_survey)
    cookie = session_cookie(page, live_server)
    session = dict(SessionStore(session_key=cookie).load())
    assert session["_auth_user_id"] == str(facilitator.pk)
    lure = response_start(survey=lived_survey)  # started by the attacker, who keeps its code

    target = f"{live_server.url}/s/{token}/q/1/"
    page_html = LURE_PAGE.format(action=html.escape(target), key=lure.submission_key)
    with lure_server(page_html) as lure_url:
        assert lure_url.split("/")[2].split(":")[0] != live_server.url.split("/")[2].split(":")[0]

        def is_the_post(reply):
            return reply.url == target and reply.request.method == "POST"

        with page.expect_response(is_the_post) as posted:
            page.goto(lure_url)
        reply = posted.value
        page.wait_for_url(target)
        assert reply.request.headers.get("origin") == lure_url.rstrip("/")

    # The visitor's session, sign-in and response are as they were; nothing was bound.
    assert settings.SESSION_COOKIE_NAME not in reply.all_headers().get("set-cookie", "")
    assert session_cookie(page, live_server) == cookie
    assert dict(SessionStore(session_key=cookie).load()) == session
    assert list(own.answers.values_list("choice", flat=True)) == ["good"]
    assert not lure.answers.exists()
    # A plain "refused" page: nothing of the lure's response (its code) is shown.
    assert reply.status == 403
    assert page.locator("h1").inner_text() == "This page was open for too long"
    assert lure.resume_code_display not in page.content()
    page.goto("/councils/")
    assert page.url.endswith("/councils/")  # still signed in
    page.goto(f"/s/{token}/q/1/")
    assert page.locator(".bl-resume-code .bl-code").inner_text() == own.resume_code_display
    page.get_by_label("Not sure", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/s/{token}/q/2/")
    assert Answer.objects.get(response=own).choice == "not_sure"
    assert not lure.answers.exists()


def test_an_expired_token_keeps_the_answer_and_writes_nothing(page, live_server,
                                                             lived_survey):
    """Our own page, whose token has expired: shown again with the answer, the session left
    alone; pressing Continue again saves it."""
    token = lived_survey.token
    start_survey(page, lived_survey)
    cookie = session_cookie(page, live_server)
    session = dict(SessionStore(session_key=cookie).load())
    page.context.clear_cookies(name=settings.CSRF_COOKIE_NAME)  # the token expired
    page.get_by_label("Not good", exact=True).check()
    page.get_by_label("Tell us more (you do not have to)").fill("The bus is always late")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Continue").click()
    assert posted.value.status == 200
    assert settings.SESSION_COOKIE_NAME not in posted.value.all_headers().get("set-cookie", "")
    page.get_by_text("Your answer is still here").wait_for()
    assert page.get_by_label("Not good", exact=True).is_checked()
    assert page.get_by_label("Tell us more (you do not have to)").input_value() == \
        "The bus is always late"
    assert session_cookie(page, live_server) == cookie
    assert dict(SessionStore(session_key=cookie).load()) == session
    assert not Response.objects.exists()  # nothing saved: the first answer makes it
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/s/{token}/q/2/")
    saved = Answer.objects.get(response__survey=lived_survey)
    assert (saved.choice, saved.comment) == ("not_good", "The bus is always late")
