"""A panel member's own pages, in easy read: the interviews they sit on and
their scores for one of them. Members and staff alike; each sees only the
interviews they are on, and of the applicant only their name."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from keyring_net.access import requires
from keyring_net.policy import Permission
from volunteers.models import Interview, PanelScore
from volunteers.selectors.panels import (
    active_values,
    my_scores,
    my_seat_get,
    my_seats,
    panel_member_record,
)
from volunteers.services import panels

# The answers, each with its picture: the same four on every value.
ANSWERS = [
    (PanelScore.Score.NOT_YET, "sad"),
    (PanelScore.Score.A_LITTLE, "okay"),
    (PanelScore.Score.YES, "happy"),
    (PanelScore.Score.VERY_MUCH, "star"),
]


@requires(Permission.SIT_ON_PANELS)
def my_interviews(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    return render(
        request,
        "volunteers/panels/my_list.html",
        {"member": panel_member_record(actor), "seats": my_seats(actor)},
    )


def _given(post, values) -> dict[int, int]:
    given = {}
    for value in values:
        answer = post.get(f"value_{value.pk}", "")
        if answer.isdigit():
            given[value.pk] = int(answer)
    return given


@login_required
def my_interview(request: HttpRequest, interview_id: int) -> HttpResponse:
    actor = request.actor
    seat = my_seat_get(actor=actor, interview_id=interview_id)
    interview = seat.interview
    values = list(active_values(actor.organisation))
    errors: dict[str, str] = {}
    if request.method == "POST":
        scores = _given(request.POST, values)
        try:
            panels.scores_send(
                actor=actor, seat=seat, scores=scores, note=request.POST.get("note", "")
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, error.messages[0])
                return redirect("volunteers_panel_member:list")
            errors = {key: texts[0] for key, texts in error.message_dict.items()}
        else:
            messages.success(request, "Thank you. We have kept your scores.")
            return redirect("volunteers_panel_member:list")
        note = request.POST.get("note", "")
    else:
        scores, note = my_scores(seat), seat.note
    return render(
        request,
        "volunteers/panels/my_scores.html",
        {
            "member": panel_member_record(actor),
            "seat": seat,
            "applicant": interview.profile.user,
            "decided": interview.outcome != Interview.Outcome.PENDING,
            "rows": [
                {"value": v, "chosen": scores.get(v.pk), "error": errors.get(f"value_{v.pk}")}
                for v in values
            ],
            "answers": ANSWERS,
            "note": note,
            "errors": errors,
        },
    )
