"""The review round that monitoring forms and practices share: the school's curator submits,
the municipality's methodist returns it with a comment or accepts it (a practice may also be
proposed to the region). One body for both views, so that who may take which step, and how
a refused step is told, is the same everywhere."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from .access import require_role
from .models import Role


class _DecisionForm(forms.Form):
    action = forms.ChoiceField()
    comment = forms.CharField(required=False)

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(action, action) for action in actions]


def review_decision(request, *, organisation, municipality, outcomes: dict, transition, back):
    """Validate the posted step, check the role for it (submitting is the curator's, the
    rest the methodist's), run ``transition(action, comment)`` and tell the outcome.
    ``outcomes`` maps each step allowed here to its success message; ``back`` is the URL
    to return to."""
    decision = _DecisionForm(request.POST, actions=outcomes)
    if not decision.is_valid():
        messages.error(request, "Неизвестное действие.")
        return redirect(back)
    action = decision.cleaned_data["action"]
    if action == "submit":
        require_role(request, Role.CURATOR, organisation=organisation)
    else:
        require_role(request, Role.METHODIST, municipality=municipality)
    try:
        transition(action, decision.cleaned_data["comment"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, outcomes[action])
    return redirect(back)
