"""Which language comes first, and the language a member of staff chose for themselves.

A council chooses whether Cymraeg is listed before English (Council.cymraeg_first): on the
survey's language choice, the language switcher of its pages and its bilingual posters.
Staff choose their own language (StaffProfile.language, in the database, so that it follows
them to every device); betterlives.middleware applies it on every page except respondents'
pages, which follow the respondent's own choice. It is read from the database once each time
the person signs in, and kept in their session (SESSION_KEY) from then on.
"""

from .models import StaffProfile

ENGLISH = StaffProfile.Language.ENGLISH.value
WELSH = StaffProfile.Language.WELSH.value

SESSION_KEY = "staff_language"

# Respondents' pages (surveys and live votes): a person there chose their own language, and
# never sees the staff 404.
RESPONDENT_PATHS = ("/s/", "/v/")


def is_respondent_path(path):
    return path.startswith(RESPONDENT_PATHS)


def language_order(council):
    """The language codes in the order `council` lists them (English first without one)."""
    if council is not None and council.cymraeg_first:
        return [WELSH, ENGLISH]
    return [ENGLISH, WELSH]


def in_language_order(choices, council):
    """(code, name) pairs, such as settings.LANGUAGES, in the order `council` lists them."""
    order = language_order(council)
    return sorted(choices, key=lambda choice: order.index(choice[0])
                  if choice[0] in order else len(order))


def poster_languages(council):
    """The languages of the council's posters, in order: both for councils in Wales and
    for councils in England that chose bilingual posters, else English only."""
    if council.has_bilingual_posters:
        return language_order(council)
    return [ENGLISH]


def staff_language(user):
    """The language this person chose for themselves, or "" when they have not chosen."""
    if not user.is_authenticated:
        return ""
    return (StaffProfile.objects.filter(user=user).values_list("language", flat=True).first()
            or "")


def signed_in_language(request):
    """The language the signed-in person chose for themselves, or "": kept in their session
    from when they signed in (read_at_sign_in; a session from before that is read once
    here)."""
    user = request.user
    if not user.is_authenticated:
        return ""
    kept = request.session.get(SESSION_KEY)
    if not (isinstance(kept, list) and len(kept) == 2 and kept[0] == user.pk):
        kept = [user.pk, staff_language(user)]
        request.session[SESSION_KEY] = kept
    return kept[1]


def read_at_sign_in(request, user):
    """On signing in (the user_logged_in signal, see models.py): the person's own language,
    from the database into their new session."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = [user.pk, staff_language(user)]


def keep_signed_in_language(request, language):
    """After the person chose `language` (and it was stored): use it from the next request."""
    request.session[SESSION_KEY] = [request.user.pk, language]
