from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler


def portal_exception_handler(exc, context):
    """Model validation (``full_clean`` in services) answers 400 with field messages, like
    the forms do, instead of a 500."""
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    return exception_handler(exc, context)
