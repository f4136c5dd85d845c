from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler

NOT_FOUND = "Не найдено."
PARSE_ERROR = "Тело запроса не разобрано: ожидается корректный JSON."


def portal_exception_handler(exc, context):
    """Every API error answers in Russian, like the pages do.

    Model validation (``full_clean`` in services) answers 400 with field messages, like the
    forms do, instead of a 500. A 404 never repeats Django's English «No StaffMember matches
    the given query.» (nor says which model was asked), and a body that is not JSON is named
    in Russian rather than with the parser's English message."""
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Http404 | exceptions.NotFound):
        exc = exceptions.NotFound(NOT_FOUND)
    elif isinstance(exc, exceptions.ParseError):
        exc = exceptions.ParseError(PARSE_ERROR)
    return exception_handler(exc, context)
