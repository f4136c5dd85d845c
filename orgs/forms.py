from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction

from .tasks import send_password_reset


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the letter sent by a Celery worker."""

    def save(self, domain_override=None, use_https=False, request=None, **kwargs):
        domain = domain_override or (request.get_host() if request else "localhost")
        for user in self.get_users(self.cleaned_data["email"]):
            transaction.on_commit(
                lambda pk=user.pk: send_password_reset.delay(pk, domain, use_https)
            )
