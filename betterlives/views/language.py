"""Languages: the language switcher, a person's own language, and a council's language
settings (betterlives.languages).

- The language switcher (POST /i18n/setlang/) is Django's set_language; when a signed-in
  person uses it on a staff page, their choice is also kept as their own language.
- "Your language" (/account/language/): English or Cymraeg, kept in the database and used
  on every device the person signs in on (betterlives.middleware.StaffLanguageMiddleware),
  on this device from the next page.
- A council's language settings (/councils/<council_slug>/languages/): whether Cymraeg comes
  first, and, for councils in England, whether posters are bilingual. Everyone in the
  council sees them; facilitators change them.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.generic import FormView

from ..access import MANAGE, role_allows
from ..forms import CouncilLanguagesForm, StaffLanguageForm
from ..languages import is_respondent_path, keep_signed_in_language, staff_language
from ..mixins import CouncilMixin
from ..models import StaffProfile
from ..services import council_languages_set, staff_language_set


def set_language(request):
    """The language switcher. Staff who switch on a staff page keep the choice; on survey and
    vote pages the choice is the respondent's, for this device only."""
    response = i18n.set_language(request)
    language = request.POST.get("language") if request.method == "POST" else None
    if (request.user.is_authenticated and language in StaffProfile.Language.values
            and not is_respondent_path(request.POST.get("next", ""))):
        staff_language_set(user=request.user, language=language)
        keep_signed_in_language(request, language)
    return response


def set_language_cookie(response, language):
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language,
                        max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax",
                        secure=settings.LANGUAGE_COOKIE_SECURE)
    return response


class YourLanguageView(LoginRequiredMixin, FormView):
    """English or Cymraeg for this person. `?next=` is the page the back link returns to,
    and where the person goes once it is saved (else their councils)."""

    form_class = StaffLanguageForm
    template_name = "account/your_language.html"

    def next_url(self):
        url = self.request.GET.get("next", "")
        if url and url_has_allowed_host_and_scheme(
                url, allowed_hosts={self.request.get_host()},
                require_https=self.request.is_secure()):
            return url
        return reverse("councils")

    def get_initial(self):
        return {"language": staff_language(self.request.user) or translation.get_language()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(back_url=self.next_url(), **kwargs)

    def form_valid(self, form):
        language = form.cleaned_data["language"]
        staff_language_set(user=self.request.user, language=language)
        keep_signed_in_language(self.request, language)
        translation.activate(language)  # the confirmation is in the language just chosen
        messages.success(self.request, _("Your language is saved. The service uses it for you "
                                         "on every device you sign in on."))
        return set_language_cookie(redirect(self.next_url()), language)


class CouncilLanguagesView(CouncilMixin, FormView):
    """Everyone in the council sees its language settings; facilitators change them."""

    form_class = CouncilLanguagesForm
    template_name = "councils/languages.html"

    def can_change(self):
        return role_allows(self.membership.role, MANAGE)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "council": self.council}

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_change=self.can_change(), **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.can_change():
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        council_languages_set(
            council=self.council, user=self.request.user,
            cymraeg_first=form.cleaned_data["cymraeg_first"],
            bilingual_posters=form.cleaned_data.get("bilingual_posters"),
        )
        messages.success(self.request, _("Your council's language settings are saved."))
        return redirect(self.council.get_absolute_url())
