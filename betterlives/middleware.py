from django.conf import settings
from django.utils.cache import add_never_cache_headers

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
