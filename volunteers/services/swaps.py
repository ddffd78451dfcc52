"""Swaps: a worker offers their shift to a colleague, the colleague or a
support manager approves or declines, or the worker withdraws the offer.
The colleague is checked as anyone put on a shift is.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited, save_changes
from keyring_net.models import User
from keyring_net.policy import Permission
from volunteers.models import Shift, SwapRequest
from volunteers.services.shifts import check_worker
from volunteers.wording import name_of

# --- Swaps -------------------------------------------------------------------------------------


@transaction.atomic
def swap_request(*, actor: Actor, shift: Shift, to_worker: User, reason: str = "") -> SwapRequest:
    """Offer your shift to a named colleague; a support manager decides.

    Refused in plain words when the colleague does not work in the network,
    already has a shift then, is on time off, or is not cleared for a
    lone-visit shift (the same checks run again when it is approved).
    """
    require(actor, Permission.WORK_SHIFTS)
    if actor.user is None or shift.worker_id != actor.user.pk:
        raise PermissionDenied("Only the person on this shift can offer it to someone else.")
    if shift.status != Shift.Status.PLANNED or shift.starts_at <= timezone.now():
        raise ValidationError("This shift has started or is over, so it cannot be swapped.")
    if to_worker.pk == actor.user.pk:
        raise ValidationError({"to_worker": "Choose a colleague, not yourself."})
    pending = (
        SwapRequest.objects.filter(
            organisation=actor.organisation, shift=shift, status=SwapRequest.Status.PENDING
        )
        .select_related("to_worker")
        .first()
    )
    if pending is not None:
        raise ValidationError(
            f"This shift is already offered to {name_of(pending.to_worker)}. "
            "Withdraw that offer first."
        )
    check_worker(
        actor.organisation,
        to_worker,
        shift.network,
        shift.starts_at,
        shift.ends_at,
        lone_visits=shift.lone_visits,
        exclude={shift.pk},
    )
    swap = SwapRequest(
        organisation=actor.organisation,
        shift=shift,
        from_worker=actor.user,
        to_worker=to_worker,
        reason=reason.strip(),
    )
    audited(swap, actor).save()
    return swap


def _rename_worker_error(error: ValidationError) -> ValidationError:
    messages = error.message_dict.get("worker", []) if hasattr(error, "error_dict") else []
    return ValidationError(messages or error.messages)


@transaction.atomic
def swap_decide(*, actor: Actor, swap: SwapRequest, approve: bool) -> SwapRequest:
    """Approve (the shift moves to the colleague) or decline a swap.

    Approval checks the colleague again as it is now: cleared for lone
    visits when the shift has them, no other shift at that time, not on time
    off. If not, nothing changes and the reasons are given.
    """
    require(actor, Permission.MANAGE_ROTA)
    swap = (
        SwapRequest.objects.select_for_update()
        .filter(pk=swap.pk)
        .select_related("from_worker", "to_worker")
        .get()
    )
    if swap.status != SwapRequest.Status.PENDING:
        raise ValidationError(f"This swap is already {swap.get_status_display().lower()}.")
    if approve:
        shift = (
            Shift.objects.select_for_update()
            .filter(pk=swap.shift_id)
            .select_related("network")
            .get()
        )
        if shift.worker_id != swap.from_worker_id or shift.status != Shift.Status.PLANNED:
            raise ValidationError(
                f"The shift is no longer {name_of(swap.from_worker)}'s to give, "
                "so the swap cannot go ahead."
            )
        try:
            check_worker(
                actor.organisation,
                swap.to_worker,
                shift.network,
                shift.starts_at,
                shift.ends_at,
                lone_visits=shift.lone_visits,
                exclude={shift.pk},
            )
        except ValidationError as error:
            raise _rename_worker_error(error) from error
        shift.worker = swap.to_worker
        save_changes(shift, actor, "worker")
        swap.shift = shift
    swap.status = SwapRequest.Status.APPROVED if approve else SwapRequest.Status.DECLINED
    swap.decided_by = actor.user
    swap.decided_at = timezone.now()
    save_changes(swap, actor, "status", "decided_by", "decided_at")
    return swap


@transaction.atomic
def swap_withdraw(*, actor: Actor, swap: SwapRequest) -> SwapRequest:
    """Take back your own offer while it waits for a decision."""
    if actor.user is None or swap.from_worker_id != actor.user.pk:
        raise PermissionDenied("Only the person who offered the shift can withdraw the offer.")
    if swap.status != SwapRequest.Status.PENDING:
        raise ValidationError(f"This swap is already {swap.get_status_display().lower()}.")
    swap.status = SwapRequest.Status.WITHDRAWN
    save_changes(swap, actor, "status")
    return swap
