"""Every URL pattern of the project, found by walking the resolver, and how to build a real
address for each from the objects of one council (tests/security/conftest.py `World`).

A pattern "names an object" when its route has keyword arguments. Each argument must have a
filler in FILLERS; a new URL whose argument has none makes the access matrix fail and says
which filler to add.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern


@dataclass(frozen=True)
class Route:
    """One URL pattern: its full name ("evaluations:detail"), the route from the root and
    every keyword argument along the way."""

    name: str
    route: str
    kwargs: tuple
    callback: object

    @property
    def namespace(self):
        return self.name.split(":", 1)[0] if ":" in self.name else ""

    @property
    def view_class(self):
        return getattr(self.callback, "view_class", None)

    def accepts(self, method):
        """True when the view takes `method` ("get", "post"). Function views (admin,
        set_language) may; a class-based view does when it has the handler and lists it in
        http_method_names."""
        view = self.view_class
        if view is None:
            return True
        return method in view.http_method_names and hasattr(view, method)

    def accepts_post(self):
        return self.accepts("post")

    def __str__(self):
        return self.name


def _kwargs_of(pattern):
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters)
    return list(pattern.regex.groupindex)


def _walk(patterns, route="", namespace="", kwargs=()):
    for pattern in patterns:
        here = route + str(pattern.pattern)
        names = (*kwargs, *_kwargs_of(pattern.pattern))
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, here, inner, names)
        elif isinstance(pattern, URLPattern):
            label = pattern.name or f"(unnamed {here})"
            name = f"{namespace}:{label}" if namespace else label
            yield Route(name=name, route=here, kwargs=names, callback=pattern.callback)


def all_routes():
    return list(_walk(get_resolver().url_patterns))


def object_routes():
    """Patterns with keyword arguments: those that name an object."""
    return [route for route in all_routes() if route.kwargs]


# Public by design: reached by a secret link or code, with no account.
PUBLIC_NAMESPACES = {"surveys", "votes"}
# Other patterns with arguments that are not council data, and why.
NOT_COUNCIL_DATA = {
    "password_reset_confirm": "a signed one-time link for one account (test_public_links.py)",
    "domains:detail": "the published framework, the same for every council",
    "domains:council_picture": "a council's picture for a survey question: public by design, "
                               "like the survey pages that show it",
    "council_recording": "a council's recording of a person reading a survey question or "
                         "page: public by design, like the survey pages that play it",
}
# Django's admin: only staff; everyone else is sent to the admin's own sign-in page.
ADMIN_NAMESPACE = "admin"
# The patterns of the public namespaces that name an object (a survey link, a vote code).
PUBLIC_ROUTES = [r for r in object_routes() if r.namespace in PUBLIC_NAMESPACES]


def is_public(route):
    return route.namespace in PUBLIC_NAMESPACES or route.name in NOT_COUNCIL_DATA


def _admin_object_id(route, world):
    """The admin pages name a model by its URL ("evaluations/evaluation/<id>/change/"):
    council A's object of that model where it has one, else any."""
    from django.apps import apps

    match = re.match(r"admin/(\w+)/(\w+)/", route.route)
    if not match:
        return str(world.evaluation.pk)
    model = apps.get_model(match[1], match[2])
    owned = {"Evaluation": world.evaluation, "Council": world.council}
    obj = owned.get(model.__name__) or model.objects.order_by("pk").first()
    return str(obj.pk) if obj is not None else "1"


def _content_type_id(world):
    from django.contrib.contenttypes.models import ContentType

    return str(ContentType.objects.get_for_model(world.evaluation).pk)


# How to fill each keyword argument with council A's objects: (route, world) -> value.
FILLERS = {
    "council_slug": lambda r, w: w.council.slug,
    "pk": lambda r, w: w.evaluation.pk,
    "audience": lambda r, w: w.survey.audience,
    "item_pk": lambda r, w: _item_pk(r, w),
    "workshop_pk": lambda r, w: w.workshop.pk,
    "vote_pk": lambda r, w: w.live_vote.pk,
    "number": lambda r, w: 1,
    "answer_pk": lambda r, w: w.answer.pk,
    "table": lambda r, w: "responses",
    "file_format": lambda r, w: "csv",
    "action_pk": lambda r, w: w.action.pk,
    "report_pk": lambda r, w: _report_pk(r, w),
    "token": lambda r, w: w.survey.token,
    "code": lambda r, w: w.live_vote.code,
    "recording_pk": lambda r, w: _recording_pk(w),
    "uidb64": lambda r, w: _uidb64(w),
    # Django's admin
    "object_id": _admin_object_id,
    "content_type_id": lambda r, w: _content_type_id(w),
    "id": lambda r, w: w.council.memberships.first().user_id,
    "app_label": lambda r, w: "evaluations",
    "url": lambda r, w: f"no-such-page/{w.evaluation.pk}",
}


def _item_pk(route, world):
    """Council A's own question, or for a framework question's page ("newer wording") one
    of the framework's questions in the same survey."""
    if "newer-wording" in route.route:
        return world.survey.items.filter(question__isnull=False).order_by("pk").first().pk
    return world.own_item.pk


def _report_pk(route, world):
    """Council A's report for the reports pages; its paper questionnaire or workshop pack
    (made on first use) for theirs."""
    from actionplans.models import Report

    subjects = {"evaluations:paper_pdf": ("paper", {"survey": world.survey}),
                "evaluations:workshop_pack": ("workshop_pack", {"workshop": world.workshop})}
    for prefix, (kind, subject) in subjects.items():
        if route.name.startswith(prefix + "_"):
            report, _created = Report.objects.get_or_create(
                evaluation=world.evaluation, kind=kind, language="en", **subject,
                defaults={"state": Report.State.READY, "fingerprint": "2" * 64,
                          "pdf": b"%PDF-1.7", "size": 8, "pages": 1})
            return report.pk
    return world.report.pk


def _recording_pk(world):
    """Council A's recording of a page (made on first use: the world has none)."""
    from domains.models import CouncilRecording

    recording, _created = CouncilRecording.objects.get_or_create(
        council=world.council, page=CouncilRecording.Page.WELCOME, language="en",
        defaults={"audio": b"RIFF\x00\x00\x00\x00WAVE", "content_type": "audio/wav"},
    )
    return recording.pk


def _uidb64(world):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = world.evaluation.council.memberships.first().user
    return urlsafe_base64_encode(force_bytes(user.pk))


def unfillable(route):
    return [name for name in route.kwargs if name not in FILLERS]


def fill_message(route):
    missing = unfillable(route)
    return (f"{route.name} ({route.route}) has URL argument(s) {missing} that the security "
            "tests cannot fill: add a filler for each to FILLERS in tests/security/urlmap.py "
            "(and, if the page is public by design, to PUBLIC_NAMESPACES or NOT_COUNCIL_DATA).")


_ARG = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def build_url(route, world, **overrides):
    """A real address for `route`, pointing at council A's objects in `world`.

    Raises LookupError (with a message saying what to add) for an argument with no filler.
    The address is checked to resolve back to the same view.
    """
    if unfillable(route):
        raise LookupError(fill_message(route))
    values = {name: overrides.get(name, FILLERS[name](route, world)) for name in route.kwargs}
    def replace(match):
        return str(values[match[1] or match[2]])

    path = "/" + _ARG.sub(replace, route.route).replace("^", "").replace("$", "")
    assert resolve(path).func == route.callback, f"{path} does not resolve to {route}"
    return path
