"""Background work of imports: a large file checked or applied. Thin: ids
in, the organisation entered, the service called."""

from __future__ import annotations

from celery import shared_task

from keyring_net.tasks import in_organisation
from spreadsheets.selectors.imports import import_get_for_admin
from spreadsheets.services.imports import runs


@shared_task(name="spreadsheets.tasks.import_step_task", soft_time_limit=1800, time_limit=1900)
def import_step_task(run_id: int, organisation_id: int, user_id: int, step: str) -> str:
    """Check (``"check"``) or apply (``"apply"``) one import, as the person
    who asked, in one transaction. Returns the import's state."""
    with in_organisation(organisation_id) as organisation:
        actor = runs.actor_for(user_id=user_id, organisation=organisation)
        run = import_get_for_admin(actor=actor, run_id=run_id)
        if not run.is_busy:
            return run.state
        return runs.import_step(actor=actor, run=run, step=step).state


def enqueue(run_id: int, organisation_id: int, user_id: int, step: str) -> None:
    import_step_task.delay(run_id, organisation_id, user_id, step)
