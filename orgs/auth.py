"""Login by username or e-mail, with Django's own password checks; the session's user read
with a query compiled once."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from .tenancy import compiled_rows


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

    def get_user(self, user_id):
        """The session's user, as ``ModelBackend.get_user`` reads it. Every request makes this
        read, so its SQL is compiled once per user and process (the row itself is read
        afresh: its data version keys what the request may see)."""
        user_model = get_user_model()
        rows = compiled_rows(_account, user_model._meta.pk.to_python(user_id))
        if not rows:
            return None
        user = user_model.from_db(user_model._default_manager.db, _account_fields(), rows[0])
        return user if self.user_can_authenticate(user) else None


def _account_fields() -> list[str]:
    return [field.attname for field in get_user_model()._meta.concrete_fields]


def _account(pk: int):
    accounts = get_user_model()._default_manager.filter(pk=pk).order_by()
    return accounts.values_list(*_account_fields())
