"""Background work of the orgs app. Tasks take ids and re-read what they need."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_password_reset(user_id: int, domain: str, use_https: bool) -> bool:
    """Send the password-reset letter off the request path: a slow SMTP server must not
    hold up the page. The token is made here, so a retried task still sends a valid link."""
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return False
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if use_https else "http",
    }
    subject = "".join(
        loader.render_to_string("registration/password_reset_subject.txt", context).splitlines()
    )
    body = loader.render_to_string("registration/password_reset_email.html", context)
    EmailMultiAlternatives(subject, body, to=[user.email]).send()
    return True
