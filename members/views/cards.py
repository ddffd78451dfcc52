"""Login cards: a support manager issues or revokes a member's printed card,
and the member signs in by scanning it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from keyring_net.middleware import SESSION_ORGANISATION_KEY
from keyring_net.policy import Permission
from members import login_cards, selectors
from members.forms import LoginCardForm


@login_required
@require_POST
def login_card_issue(request: HttpRequest, member_id: int) -> HttpResponse:
    """Issue a card and show it, once, ready to print."""
    actor = request.actor
    member = selectors.member_get_for_viewer(
        actor=actor, member_id=member_id, permission=Permission.ISSUE_LOGIN_CARD
    )
    card, token = login_cards.card_issue(actor=actor, member=member)
    card_page = request.build_absolute_uri(reverse("login-card"))
    # The code goes after "#": browsers never send that part to the server,
    # so it never reaches an access log (see login_card_sign_in).
    link = f"{card_page}#{token}"
    return render(
        request,
        "members/login_card_print.html",
        {
            "member": member,
            "card": card,
            "card_page": card_page,
            "code": login_cards.code_for_print(token),
            "qr_svg": qr_code_svg(link),
        },
    )


@login_required
@require_POST
def login_card_revoke(request: HttpRequest, member_id: int, card_id: int) -> HttpResponse:
    actor = request.actor
    member = selectors.member_get_for_viewer(
        actor=actor, member_id=member_id, permission=Permission.ISSUE_LOGIN_CARD
    )
    card = selectors.login_card_get(actor=actor, member=member, card_id=card_id)
    login_cards.card_revoke(actor=actor, card=card)
    messages.success(request, "That login card will not work any more.")
    return redirect("members:detail", member_id=member.pk)


@never_cache
def login_card_sign_in(request: HttpRequest) -> HttpResponse:
    """``/card/``, the page a login card's QR code opens as ``/card/#<code>``.

    The code is never in an address the server sees: browsers do not send
    the part after ``#``, and ``static/js/login-card.mjs`` takes it out of
    the address bar and sends it in the form, by POST. Without JavaScript
    the member types the code. The first POST shows "Hello <name>" and a
    Sign in button; only pressing it (a second POST, ``sign_in``) signs in,
    so a link preview cannot use the card up."""
    form = LoginCardForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        return render(request, "members/login_card_enter.html", {"form": form})
    code = form.cleaned_data["code"]
    try:
        card = login_cards.card_find(code)
        if "sign_in" not in request.POST:
            return render(request, "members/login_card_sign_in.html", {"card": card, "code": code})
        user = login_cards.card_use(code)
    except login_cards.CardDoesNotWork:
        return render(request, "members/login_card_not_working.html", status=404)
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_ORGANISATION_KEY] = card.organisation_id
    return redirect("members:my-home")


def login_card_old_link(request: HttpRequest, old_link: str) -> HttpResponse:
    """Cards printed before codes moved after "#" had the code in the path.
    Those links no longer sign in (the code is not even looked up); the
    member reads that the card does not work and to ask for a new one."""
    return render(request, "members/login_card_not_working.html", status=404)


def qr_code_svg(data: str) -> str:
    """A QR code as inline SVG (no file, no script, prints sharply)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    return image.to_string(encoding="unicode")
