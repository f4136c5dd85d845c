"""The portal's own 400, 403, 404 and 500 pages, in Russian (Django's defaults are English).

All four stand alone, without the portal's navigation: 400 and 500 may answer before the user
is known or when rendering itself fails, and a 403 or 404 must show nothing but the refusal
(not even the menu of the person's own places)."""

import re

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
API_PREFIX = "/api/"


def _api(request, status: int, detail: str):
    """Under /api/ an error is JSON, as the API's own errors are (a malformed id that no
    route matches, e.g. ``/api/v1/staff/12.5/``, never gets an HTML page)."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": detail}, status=status)
    return None


def bad_request(request, exception=None):
    return _api(request, 400, "Некорректный запрос.") or render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    # The portal's refusals explain themselves in Russian («Недостаточно прав …»); anything
    # else (a library's English message) gives way to the page's general text.
    message = str(exception) if exception is not None else ""
    return render(
        request,
        "403.html",
        {"message": message if CYRILLIC.search(message) else ""},
        status=403,
    )


def page_not_found(request, exception=None):
    return _api(request, 404, "Не найдено.") or render(request, "404.html", status=404)


def server_error(request):
    api = _api(request, 500, "Внутренняя ошибка сервера; она записана в журнал.")
    if api is not None:
        return api
    # No context processors: whatever failed may fail again while rendering the page.
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    """A form sent from a page that has gone stale (the session ended, or the page was open
    in another tab across a sign-in): Django's own page is English and technical."""
    return render(
        request,
        "403.html",
        {
            "message": "Страница устарела: форма отправлена с неверным ключом защиты. "
            "Обновите страницу и повторите действие."
        },
        status=403,
    )
