"""View mixins that apply the access rules in betterlives.access."""

from django.contrib.auth.mixins import LoginRequiredMixin

from .access import VIEW, get_membership_or_404


class CouncilMixin(LoginRequiredMixin):
    """For pages under /councils/<council_slug>/.

    Sets self.council and self.membership; anyone outside the council gets 404, and anyone
    whose role lacks `permission` gets 403.
    """

    permission = VIEW

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.membership = get_membership_or_404(
            request.user, kwargs["council_slug"], self.permission
        )
        self.council = self.membership.council
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            council=self.council, current_council=self.council, membership=self.membership
        )
        return context
