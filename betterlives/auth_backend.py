"""Django's ModelBackend, reading each signed-in person's staff profile with them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class StaffBackend(ModelBackend):
    """On every request Django checks the session's hash, which depends on the person's
    session_version (betterlives.models.session_auth_hash): reading the profile in the same
    query as the person keeps that check free."""

    def get_user(self, user_id):
        user = (get_user_model()._default_manager.select_related("staff_profile")
                .filter(pk=user_id).first())
        return user if user is not None and self.user_can_authenticate(user) else None
