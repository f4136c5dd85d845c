from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler

from orgs.concurrency import StateConflict

NOT_FOUND = "Не найдено."
PARSE_ERROR = "Тело запроса не разобрано: ожидается корректный JSON."


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "Действие невозможно при текущем состоянии данных."
    default_code = "conflict"


def _detail(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"non_field_errors": error.messages}


def portal_exception_handler(exc, context):
    """Every API error answers in Russian, like the pages do.

    Model validation (``full_clean`` in services) answers 400 with field messages, like the
    forms do, instead of a 500. A 404 never repeats Django's English «No StaffMember matches
    the given query.» (nor says which model was asked), and a body that is not JSON is named
    in Russian rather than with the parser's English message. A valid request that the
    data's present state refuses (``StateConflict``) answers 409 with the same messages."""
    if isinstance(exc, StateConflict):
        exc = Conflict(_detail(exc))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_detail(exc))
    elif isinstance(exc, Http404 | exceptions.NotFound):
        exc = exceptions.NotFound(NOT_FOUND)
    elif isinstance(exc, exceptions.ParseError):
        exc = exceptions.ParseError(PARSE_ERROR)
    return exception_handler(exc, context)
