"""A person's own API tokens: make one (its key shown once), see them,
revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from keyring_net.access import require, requires
from keyring_net.api import tokens as api_tokens
from keyring_net.forms import ApiTokenForm
from keyring_net.policy import Permission


@requires(Permission.USE_API_TOKENS)
def token_list(request: HttpRequest) -> HttpResponse:
    """The list and the form to make one. The new key is in this one
    response only (never in the session or a redirect), which no cache
    keeps (``NoStoreForSignedInMiddleware``)."""
    form = ApiTokenForm(request.POST or None)
    made = key = None
    if request.method == "POST" and form.is_valid():
        made, key = api_tokens.api_token_create(user=request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    context = {
        "form": form,
        "tokens": api_tokens.api_tokens_of(request.user),
        "made": made,
        "key": key,
    }
    return render(request, "keyring_net/api_tokens.html", context)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    # Someone else's token is not found, whatever their role: 404 first.
    token = api_tokens.api_token_get_for_owner(user=request.user, token_id=token_id)
    require(request.actor, Permission.USE_API_TOKENS)
    api_tokens.api_token_revoke(user=request.user, token=token)
    messages.success(request, f"The token “{token.name}” is revoked: it no longer works.")
    return redirect("tokens:list")
