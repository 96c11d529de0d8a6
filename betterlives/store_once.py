"""Every create form stores once.

Each blank create form carries a submission key, a random UUID in a hidden field named
`submission_key`: Django forms get it as a field (StoreOnceMixin), hand-written forms with the
`{% submission_key %}` tag (betterlives.templatetags.store_once). Saving runs in one
transaction with a FormSubmission row for that key. The key's unique index makes a second post
of the same form (a double click, Back and Save again, a resubmitted page, or twenty at once)
wait for the first; it then stores nothing and goes where the first went, with the same
messages. A post that shows the form again with errors keeps no row, so the corrected form can
be saved with the same key.

Back does not always bring back the page that was saved: a browser may fetch the form afresh,
with a new key, and put back what was typed. So a form whose words are exactly those the same
person saved on the same page a few minutes ago is not saved again either: a page says it was
saved already, links to it, and offers to save it as a new one (two paper questionnaires can
carry the same answers).

A post without a key did not come from one of the service's pages and is saved as asked.
"""

import datetime
import hashlib
import uuid

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control

from .models import FormSubmission

FIELD = "submission_key"
AGAIN = "save_as_new"  # "save it as a new one", from the "saved already" page
KEPT_FOR = datetime.timedelta(days=7)
SAME_WORDS_WITHIN = datetime.timedelta(minutes=10)
ENVELOPE = {FIELD, AGAIN, "csrfmiddlewaretoken"}
REDIRECTS = (301, 302, 303)


def posted_key(request):
    """The submission key of the posted form, or None."""
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def store_once(request, save):
    """Call save() (which returns the view's response) once per submission key."""
    key = posted_key(request)
    if key is None:
        return save()
    user = request.user if request.user.is_authenticated else None
    with transaction.atomic():
        try:
            with transaction.atomic():
                submission = FormSubmission.objects.create(key=key, user=user)
        except IntegrityError:  # saved before (or just now, by a post we waited for)
            return _where_the_first_went(request, key, user)
        words = fingerprint(request)
        # (An upload cannot be sent again from the "saved already" page; a recording
        # replaces the one before it anyway.)
        asked = AGAIN in request.POST or request.FILES
        earlier = None if asked else _same_words_saved(words, user)
        if earlier is not None:  # Back, and Save again on a page fetched afresh
            transaction.set_rollback(True)
            return _saved_already(request, earlier)
        response = save()
        if response.status_code not in REDIRECTS:  # shown again with errors: nothing kept
            transaction.set_rollback(True)
            return response
        submission.redirect_to = response["Location"]
        submission.messages = _messages_shown(request)
        submission.fingerprint = words
        submission.save(update_fields=["redirect_to", "messages", "fingerprint"])
        FormSubmission.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    return response


def fingerprint(request):
    """A hash of the page and of everything typed or chosen on it (an uploaded file by its
    name and size), without the key and the security token."""
    digest = hashlib.sha256(request.path.encode())
    for name, values in sorted(request.POST.lists()):
        if name not in ENVELOPE:
            digest.update(repr((name, values)).encode())
    for name, upload in sorted(request.FILES.items()):
        digest.update(repr((name, upload.name, upload.size)).encode())
    return digest.hexdigest()


def _same_words_saved(words, user):
    return (FormSubmission.objects
            .filter(user=user, fingerprint=words,
                    created_at__gte=timezone.now() - SAME_WORDS_WITHIN)
            .exclude(redirect_to="").order_by("-created_at").first())


def _saved_already(request, earlier):
    """The form was saved a moment ago with these very words. Nothing more is saved; the
    page links to what was saved and can send the same form again as a new one."""
    resend = [(name, value) for name, values in request.POST.lists()
              if name not in ENVELOPE for value in values]
    return render(request, "store_once/saved_already.html", {
        "saved_at": earlier.created_at, "saved_url": earlier.redirect_to,
        "resend": resend, "key": posted_key(request), "again": AGAIN,
        "minutes": int(SAME_WORDS_WITHIN.total_seconds() // 60),
    })


def _messages_shown(request):
    """The messages the first post left for its next page (left in place for it)."""
    storage = messages.get_messages(request)
    shown = [[message.level, str(message.message)] for message in storage]
    storage.used = False
    return shown


def _where_the_first_went(request, key, user):
    submission = FormSubmission.objects.filter(key=key, user=user).first()
    if submission is None or not submission.redirect_to:  # someone else's key: tampered
        raise Http404
    for level, text in submission.messages:
        messages.add_message(request, level, text)
    return HttpResponseRedirect(submission.redirect_to)


def key_field():
    return forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)


class StoreOnceMixin:
    """For create pages built on FormView: the form carries a submission key, and each post
    (validating, saving, redirecting) runs once per key. It comes first in the view's bases.

    A form that has no `submission_key` field of its own gets one; it is the form's envelope,
    so it is left out of cleaned_data.
    """

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if FIELD not in form.fields:
            form.fields[FIELD] = key_field()
            form.clean = _without_key(form.clean, form)
        helper = getattr(form, "helper", None)
        if helper is not None:
            helper.render_hidden_fields = True
        return form

    def get(self, request, *args, **kwargs):
        return keep_for_back(super().get(request, *args, **kwargs))

    def post(self, request, *args, **kwargs):
        parent = super().post
        return store_once(request, lambda: parent(request, *args, **kwargs))


def keep_for_back(response):
    """A blank create form may be kept by the browser (never shared), and is asked for afresh
    on every new visit. Back then shows the very page the person saved, with its key, so
    saving it again stores nothing; a page the browser may not keep would come back with a
    new key, and whatever the browser put back in its fields would be stored twice."""
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _without_key(clean, form):
    def clean_without_key():
        cleaned = clean()
        form.cleaned_data.pop(FIELD, None)
        if cleaned is not None:
            cleaned.pop(FIELD, None)
        return cleaned

    return clean_without_key
