"""Mentor matching pages: ranked mentors for one mentee and proposals for a whole cohort of
young specialists. The score is ``pairs.matching``; accepting a proposal opens a draft pair."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from orgs.access import require_role

from . import selectors, services
from .access import WRITE_ROLES, can_manage, organisation_for_read, staff_for_read
from .forms import AcceptSuggestionForm, CohortApproveForm
from .matching import BEST_TOTAL, EVERYONE, assign_cohort, best_network, rank
from .models import Programme


def _programmes(organisation):
    return Programme.objects.filter(organisation=organisation).exclude(
        status=Programme.Status.CLOSED
    )


@login_required
def suggest_mentors(request, pk: int):
    """Ranked mentors for one mentee, each with the parts of its score; accepting one opens
    a draft pair."""
    person = staff_for_read(request, pk)
    organisation = person.organisation
    form = AcceptSuggestionForm(request.POST or None, programmes=_programmes(organisation))
    if request.method == "POST":
        require_role(request, *WRITE_ROLES, organisation=organisation)
        if form.is_valid():
            try:
                pair = services.accept_suggestion(
                    mentee=person,
                    mentor_id=form.cleaned_data["mentor"],
                    programme=form.cleaned_data["programme"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, "Создана формируемая пара.")
                return redirect("pairs:detail", pk=pair.pk)
    suggestions = rank(
        selectors.as_mentee(person),
        selectors.matching_candidates(organisation),
        selectors.matching_weights(organisation.municipality),
    )
    return render(
        request,
        "pairs/suggestions.html",
        {
            "person": person,
            "organisation": organisation,
            "suggestions": suggestions[:20],
            "network": best_network(suggestions),
            "form": form,
            "can_write": can_manage(request, organisation),
        },
    )


@login_required
def cohort_matching(request, org_pk: int):
    """Whole-cohort proposals for the organisation's unmatched young specialists."""
    organisation = organisation_for_read(request, org_pk)
    mode = request.GET.get("mode") or request.POST.get("mode") or BEST_TOTAL
    mode = mode if mode in (BEST_TOTAL, EVERYONE) else BEST_TOTAL
    mentees = list(selectors.unmatched_young_specialists(organisation))
    proposals = assign_cohort(
        [selectors.as_mentee(m) for m in mentees],
        selectors.matching_candidates(organisation),
        selectors.matching_weights(organisation.municipality),
        mode=mode,
    )
    programmes = _programmes(organisation)
    form = CohortApproveForm(request.POST or None, programmes=programmes)
    if request.method == "POST":
        require_role(request, *WRITE_ROLES, organisation=organisation)
        chosen = {int(x) for x in request.POST.getlist("mentee") if x.isdigit()}
        if form.is_valid() and chosen:
            try:
                pairs = services.approve_cohort(
                    proposals={k: v.candidate.id for k, v in proposals.items() if k in chosen},
                    programme=form.cleaned_data["programme"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"Создано формируемых пар: {len(pairs)}.")
                return redirect("pairs:list", org_pk=organisation.pk)
        elif not chosen:
            messages.error(request, "Отметьте хотя бы одно предложение.")
    by_id = {m.pk: m for m in mentees}
    return render(
        request,
        "pairs/cohort.html",
        {
            "organisation": organisation,
            "mode": mode,
            "rows": [(by_id[m.pk], proposals.get(m.pk)) for m in mentees],
            "total": round(sum(s.total for s in proposals.values()), 1),
            "form": form,
            "can_write": can_manage(request, organisation),
        },
    )
