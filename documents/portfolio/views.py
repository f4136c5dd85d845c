"""The portfolio page and its PDF: access helper → the person's scope → one selector."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from documents import rendering
from documents.contest.selectors import applications_of

from .access import is_own, person_scope, portfolio_person
from .selectors import portfolio_of


@login_required
def portfolio(request, pk: int):
    person = portfolio_person(request, pk)
    with person_scope(person):
        context = {
            "p": portfolio_of(person),
            "own": is_own(request, person.pk),
            "applications": list(applications_of(person)),
        }
        return render(request, "portfolio/page.html", context)


@login_required
def portfolio_pdf(request, pk: int):
    """A few pages printed on request, through the documents' renderer and print layout."""
    person = portfolio_person(request, pk)
    with person_scope(person):
        html = rendering.render_html(
            "documents/print/portfolio.html",
            {"p": portfolio_of(person), "doc": {"title": f"Портфолио наставника: {person}"}},
        )
    pdf = rendering.html_to_pdf(html)
    response = HttpResponse(pdf, content_type="application/pdf")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="portfolio-{person.pk}-{day}.pdf"'
    return response
