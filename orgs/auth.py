"""Login by username or e-mail, with Django's own password checks."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user_model = get_user_model()
        login = username.strip()
        candidates = list(
            user_model._default_manager.filter(Q(username__iexact=login) | Q(email__iexact=login))[
                :2
            ]
        )
        # An e-mail shared by two accounts identifies nobody: refuse rather than guess.
        if len(candidates) != 1:
            user_model().set_password(password)  # same timing as a real check
            return None
        user = candidates[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
