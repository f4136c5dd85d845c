"""Requests the portal refuses before any view reads them, and malformed query values."""

from django.core.exceptions import BadRequest
from django.http import Http404


class MalformedRequestMiddleware:
    """A NUL byte in the path or the query string is never part of a real link (and the
    database refuses to compare text with it): such a request answers 400 at once, rather
    than failing deep inside whichever view reads the value."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "\x00" in request.META.get("QUERY_STRING", ""):
            raise BadRequest("Недопустимый символ в адресе.")
        if any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            raise BadRequest("Недопустимый символ в адресе.")
        return self.get_response(request)


def id_param(value) -> int:
    """A query parameter that names a row by its id: a malformed one (``abc``, ``-1``, too
    long for the column) is a link to nothing, so 404 rather than a failed query."""
    text = str(value or "")
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise Http404("Неверный идентификатор в адресе.")
    return int(text)
