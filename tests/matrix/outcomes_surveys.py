"""Role matrix entries for satisfaction surveys.

Support managers and organisation admins write, send and close surveys and
read their results; everyone else is refused (403). Members answer the
surveys they were asked, in their own login; staff are refused (403). Another
organisation's survey is not found (404).
"""

from tests.routes import only

MANAGERS = ("support_manager", "org_admin")
BOTH = ("GET", "POST")

MATRIX = {
    "surveys:list": {"GET": only(*MANAGERS)},
    "surveys:add": {m: only(*MANAGERS) for m in BOTH},
    "surveys:usual": {"POST": only(*MANAGERS)},
    "surveys:detail": {m: only(*MANAGERS) for m in BOTH},
    "surveys:question-add": {m: only(*MANAGERS) for m in BOTH},
    "surveys:question-remove": {"POST": only(*MANAGERS)},
    "surveys:networks": {m: only(*MANAGERS) for m in BOTH},
    "surveys:open": {"POST": only(*MANAGERS)},
    "surveys:close": {"POST": only(*MANAGERS)},
    "surveys:results": {"GET": only(*MANAGERS)},
    "surveys:my-list": {"GET": only("member")},
    "surveys:my-answer": {m: only("member") for m in BOTH},
    # The API
    "api-survey-list": {m: only(*MANAGERS) for m in BOTH},
    "api-survey-detail": {"GET": only(*MANAGERS)},
    "api-survey-open": {"POST": only(*MANAGERS)},
    "api-survey-close": {"POST": only(*MANAGERS)},
    # Results are read by those who may see them; answers are sent by members.
    "api-survey-response-list": {"GET": only(*MANAGERS), "POST": only("member")},
}


def world_survey(world) -> int:
    """An open survey sent to the world's network, with one faces question,
    that the world's member was asked. Made on first use."""
    from django_scopes import scopes_disabled

    from keyring_net.actors import Actor
    from outcomes.models import Survey
    from outcomes.services import surveys as services

    # Looked up, not kept: the matrix rolls each role's requests back.
    with scopes_disabled():
        survey = Survey.objects.filter(
            organisation=world.organisation, title=f"Survey {world.marker}"
        ).first()
        if survey is None:
            actor = Actor.for_user(world.manager, world.organisation.pk)
            survey = services.survey_create(
                actor=actor,
                title=f"Survey {world.marker}",
                easy_read_title=f"Tell us {world.marker}",
                networks=[world.network],
                questions=[
                    services.QuestionInput(
                        f"Happy with support {world.marker}?", "Are you happy with your support?"
                    )
                ],
            )
            services.survey_open(actor=actor, survey=survey)
    return survey.pk


OBJECT_KWARGS = {"survey_id": world_survey}
