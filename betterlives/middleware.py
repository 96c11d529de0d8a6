from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from .languages import is_respondent_path, signed_in_language

# Pages reached by a survey link or a vote code (/s/…, /v/…) show what one person typed or
# chose: no browser or proxy may keep a copy. Their views are never_cache already; this also
# covers what those views do not send themselves: the 404 of a link that does not work, and
# a survey page shown again, with the person's answer, after its security token expired.
NEVER_STORED_NAMESPACES = frozenset({"surveys", "votes"})


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy header (no inline scripts or styles anywhere), and
    keeps survey and vote pages out of every cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        match = getattr(request, "resolver_match", None)
        if match is not None and NEVER_STORED_NAMESPACES.intersection(match.namespaces):
            add_never_cache_headers(response)
        return response


class StaffLanguageMiddleware:
    """Signed-in staff see the service in the language they chose for themselves
    (StaffProfile.language, kept in the database and read once per sign-in: see
    betterlives.languages), on every device and every request. Respondents' pages (/s/, /v/)
    are left to the language the respondent chose there. Comes after LocaleMiddleware and
    AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_respondent_path(request.path_info):
            language = signed_in_language(request)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
