"""Login by username or e-mail, with Django's own password checks; the session's user read
with a query compiled once; the brute-force guard's idea of an account and an address."""

import hashlib

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db.models import Q, Sum

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


def login_identity(request, credentials: dict | None) -> str:
    """The account a login attempt is about, for django-axes: ``BF.TARGET``, `` bf.target``
    and the account's e-mail are one account with one count of failures (the login form
    accepts all three). A login naming no single account is counted under its normalised
    text, so guessing at unknown names is counted too."""
    login = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if login is None and request is not None:
        login = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    if not login:
        return ""
    login = str(login).strip().casefold()
    accounts = get_user_model()._default_manager.filter(
        Q(username__iexact=login) | Q(email__iexact=login)
    )
    usernames = list(accounts.values_list("username", flat=True)[:2])
    return usernames[0].casefold() if len(usernames) == 1 else login


class PortalAxesHandler(AxesDatabaseHandler):
    """django-axes counts failures per account (``AXES_FAILURE_LIMIT``) and per address
    across accounts (``AXES_ADDRESS_FAILURE_LIMIT``): one password sprayed over many accounts
    from one address is stopped too. The address limit is higher because a school's teachers
    share one address behind its router."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        per_parameter = {}
        for parameter, attempts in zip(
            get_lockout_parameters(request, credentials),
            self.get_user_attempts(request, credentials),
            strict=True,
        ):
            failures = attempts.aggregate(Sum("failures_since_start"))
            per_parameter[str(parameter)] = failures["failures_since_start__sum"] or 0
        failures = per_parameter.get("username", 0)
        if per_parameter.get("ip_address", 0) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            failures = max(failures, get_failure_limit(request, credentials))
        return failures

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """A successful login clears the account's own failures, never its address's:
        otherwise a sprayer with one valid account of their own would reset the count."""
        deleted = 0
        for parameter, attempts in zip(
            get_lockout_parameters(request, credentials),
            self.filter_user_attempts(request, credentials),
            strict=True,
        ):
            if parameter == "username":
                deleted += attempts.delete()[0]
        return deleted


def throttled(*, scope: str, keys: dict[str, str], limits: dict[str, int], window) -> bool:
    """Count one request under each key (e.g. the address and the account) and tell whether
    any count went over its limit within ``window``. Counters live in the shared cache."""
    over = False
    seconds = int(window.total_seconds())
    for name, key in keys.items():
        cache_key = f"throttle:{scope}:{name}:{hashlib.sha256(key.encode()).hexdigest()}"
        cache.add(cache_key, 0, seconds)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, seconds)
            count = 1
        over = over or count > limits[name]
    return over
