"""The profile page where a person creates and revokes their API tokens."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Назначение токена",
        max_length=100,
        help_text="Например: «Школьная ИС» или «Выгрузка в ЦНППМ».",
    )


@login_required
def tokens(request):
    new_key = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _, new_key = ApiToken.issue(user=request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {"form": form, "new_key": new_key, "tokens": request.user.api_tokens.all()},
    )


@login_required
@require_POST
def revoke_token(request, pk: int):
    token = get_object_or_404(ApiToken.objects.active(), pk=pk, user=request.user)
    token.revoke()
    messages.success(request, f"Токен «{token.name}» отозван.")
    return redirect("api_tokens")
