"""View building blocks every app uses: the council pages' access rules (betterlives.access),
a form page whose form calls one service, and an "Are you sure?" page."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic import TemplateView

from .access import CONTRIBUTE, MANAGE, VIEW, get_membership_or_404, role_allows


class CouncilMixin(LoginRequiredMixin):
    """For pages under /councils/<council_slug>/.

    Sets self.council and self.membership; anyone outside the council gets 404, and anyone
    whose role lacks `permission` gets 403. Templates get `role_allows.manage` and
    `role_allows.contribute`: what the person's role allows in this council.
    """

    permission = VIEW

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.membership = get_membership_or_404(
            request.user, kwargs["council_slug"], self.permission
        )
        self.council = self.membership.council
        refused = self.council_page_ready(request, **kwargs)
        if refused is not None:
            return refused
        return super().dispatch(request, *args, **kwargs)

    def council_page_ready(self, request, **kwargs):
        """Once the membership is checked: find what the page is about. A response returned
        here is sent instead of the page (the evaluation pages' archived page)."""
        return None

    def role_allows(self):
        return {"manage": role_allows(self.membership.role, MANAGE),
                "contribute": role_allows(self.membership.role, CONTRIBUTE)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            council=self.council, current_council=self.council, membership=self.membership,
            role_allows=self.role_allows(),
        )
        return context


class ServiceFormMixin:
    """form_valid calls one service through `save(form)`; its ValidationError goes on the form."""

    success_message = ""

    def form_valid(self, form):
        try:
            self.result = self.save(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        message = self.get_success_message()
        if message:
            messages.success(self.request, message)
        return redirect(self.get_success_url())

    def get_success_message(self):
        return self.success_message


class ConfirmView(TemplateView):
    """GET: "Are you sure…?" with one button. POST: do it (one service), then go back.

    Subclasses give `get_confirm_text()` (heading, paragraphs, button label) and `perform()`,
    which returns the success message.
    """

    template_name = "confirm.html"
    button_class = "govuk-button govuk-button--warning"

    def post(self, request, *args, **kwargs):
        try:
            message = self.perform()
        except ValidationError as error:  # shown above the button, which stays to try again
            return self.render_to_response(self.get_context_data(errors=error.messages))
        if message:
            messages.success(request, message)
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            button_class=self.button_class, cancel_url=self.get_success_url(),
            **self.get_confirm_text(), **kwargs,
        )
