"""Pages for support managers and organisation admins: the recruitment
pipeline, adding a recruit, a volunteer's or enabler's profile (stage,
interviews, references, DBS checks, training) and the organisation's
courses. Four steps each: read the input, reach the row, call a service,
render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from keyring_net.access import requires
from keyring_net.pages import form_page
from keyring_net.policy import Permission, can
from volunteers.clearance import MANDATORY_MODULES
from volunteers.forms.people import (
    DBSCheckForm,
    InterviewForm,
    ModuleForm,
    ProfileForm,
    RecruitForm,
    ReferenceForm,
    StageForm,
    TrainingRecordForm,
)
from volunteers.models import VolunteerProfile
from volunteers.selectors import people as people_selectors
from volunteers.selectors.people import (
    PIPELINE,
    module_get_for_viewer,
    modules_for_viewer,
    profile_get_for_viewer,
    profile_page,
    recruit_homes,
    recruit_networks,
    recruitable_people,
    recruitment_pipeline,
    stage_name,
)
from volunteers.services import people, recruitment, training
from volunteers.views.steps import button_pressed, form_sent

MANAGE = Permission.MANAGE_VOLUNTEERS


def _profile_url(profile: VolunteerProfile) -> str:
    return reverse("volunteers_people:detail", kwargs={"profile_id": profile.pk})


def _choices(actor) -> dict:
    return {
        "networks": recruit_networks(actor),
        "homes": recruit_homes(actor),
        "may_see_addresses": can(actor, Permission.VIEW_ADDRESSES),
    }


def _modules(actor):
    """The organisation's courses; the four mandatory ones are made the
    first time anyone looks (idempotent: one query once they exist)."""
    modules = list(people_selectors.training_modules(actor))
    if sum(1 for m in modules if m.mandatory) < len(MANDATORY_MODULES):
        training.mandatory_modules_ensure(actor=actor)
        modules = list(people_selectors.training_modules(actor))
    return modules


@requires(Permission.VIEW_VOLUNTEERS)
def pipeline(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    kind = request.GET.get("kind", "")
    network = request.GET.get("network", "")
    return render(
        request,
        "volunteers/people/pipeline.html",
        {
            "pipeline": recruitment_pipeline(actor, kind=kind, network_id=network),
            "networks": recruit_networks(actor),
            "kinds": VolunteerProfile.Kind.choices,
            "chosen_kind": kind,
            "chosen_network": network,
            "can_manage": can(actor, MANAGE),
        },
    )


@requires(MANAGE)
def recruit_add(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    form = RecruitForm(
        request.POST or None,
        initial={"weekly_commitment_hours": people.CLV_MINIMUM_HOURS},
        people=recruitable_people(actor),
        **_choices(actor),
    )
    done, profile = form_sent(
        request,
        form,
        lambda: people.recruit_add(actor=actor, **form.service_data()),
        lambda profile: f"{profile.user} added at the applied stage.",
    )
    if done:
        return redirect(_profile_url(profile))
    return form_page(
        request,
        form,
        title="Add a recruit",
        button="Add them",
        back_url=reverse("volunteers_people:pipeline"),
    )


@login_required
def profile_detail(request: HttpRequest, profile_id: int) -> HttpResponse:
    actor = request.actor
    profile = profile_get_for_viewer(actor=actor, profile_id=profile_id)
    page = profile_page(actor=actor, profile=profile)
    return render(
        request,
        "volunteers/people/detail.html",
        {
            "page": page,
            "profile": profile,
            "next_label": page.next_stage and stage_name(page.next_stage),
            "stages": [(s, VolunteerProfile.Stage(s).label) for s in PIPELINE],
            "today": timezone.localdate(),
            "can_manage": can(actor, MANAGE),
            "show_address": can(actor, Permission.VIEW_ADDRESSES),
        },
    )


@login_required
def profile_edit(request: HttpRequest, profile_id: int) -> HttpResponse:
    actor = request.actor
    profile = profile_get_for_viewer(actor=actor, profile_id=profile_id, permission=MANAGE)
    form = ProfileForm(
        request.POST or None,
        initial={
            "network": profile.network_id,
            "weekly_commitment_hours": profile.weekly_commitment_hours,
            "home": profile.home_id,
            "rent_arrangement": profile.rent_arrangement,
            "started_on": profile.started_on,
            "notes": profile.notes,
        },
        **_choices(actor),
    )

    def change():
        data = form.service_data()
        if "home" not in form.fields:
            data["home"] = profile.home  # not theirs to see, so not theirs to clear
        return people.profile_change(actor=actor, profile=profile, **data)

    done, _ = form_sent(request, form, change, "Their details are saved.")
    if done:
        return redirect(_profile_url(profile))
    return form_page(
        request,
        form,
        title="Change their details",
        button="Save",
        back_url=_profile_url(profile),
        caption=str(profile.user),
    )


@login_required
def profile_stage(request: HttpRequest, profile_id: int) -> HttpResponse:
    actor = request.actor
    profile = profile_get_for_viewer(actor=actor, profile_id=profile_id, permission=MANAGE)
    form = StageForm(request.POST or None, profile=profile)
    done, _ = form_sent(
        request,
        form,
        lambda: people.profile_move(actor=actor, profile=profile, **form.cleaned_data),
        lambda _: f"{profile.user} is now at: {profile.get_stage_display()}.",
    )
    if done:
        return redirect(_profile_url(profile))
    intro = (
        "They have left. If they apply again, their record opens again at applied, "
        "with everything recorded before."
        if profile.stage == VolunteerProfile.Stage.LEFT
        else "They move on one stage at a time. Going back a stage, or leaving, needs a reason."
    )
    return form_page(
        request,
        form,
        intro=intro,
        title="Move them on, go back a stage, or record that they left",
        button="Save",
        back_url=_profile_url(profile),
        caption=f"{profile.user}: {profile.get_stage_display()}",
    )


def _record_view(form_class, service, *, title: str, done: str, choices=None, then=None):
    """A page that records one thing about a profile (interview, reference,
    DBS check, training), then goes back to the profile (or to ``then(row
    recorded)``). ``choices`` gives the form's further choices for the
    signed-in person."""

    @login_required
    def record_page(request: HttpRequest, profile_id: int) -> HttpResponse:
        actor = request.actor
        profile = profile_get_for_viewer(actor=actor, profile_id=profile_id, permission=MANAGE)
        fields = form_class.base_fields
        initial = {
            name: timezone.localdate()
            for name, field in fields.items()
            if name.endswith("_on") and field.required
        }
        form = form_class(
            request.POST or None, initial=initial, **(choices(actor) if choices else {})
        )
        sent, row = form_sent(
            request, form, lambda: service(actor=actor, profile=profile, **form.cleaned_data), done
        )
        if sent:
            return redirect(then(row) if then else _profile_url(profile))
        return form_page(
            request,
            form,
            title=title,
            button="Save",
            back_url=_profile_url(profile),
            caption=str(profile.user),
        )

    return record_page


# An interview is booked here with no outcome; its page then takes the
# panel, each panel member's scores and the panel's decision.
interview_add = _record_view(
    InterviewForm,
    recruitment.interview_record,
    title="Book an interview",
    done="Interview booked. Put people on its panel: the panel makes the decision.",
    then=lambda interview: reverse("volunteers_panels:interview", args=[interview.pk]),
)
reference_add = _record_view(
    ReferenceForm,
    recruitment.reference_record,
    title="Record a reference",
    done="Reference recorded.",
)
dbs_check_add = _record_view(
    DBSCheckForm,
    recruitment.dbs_check_record,
    title="Record a DBS check",
    done="DBS check recorded.",
)
training_add = _record_view(
    TrainingRecordForm,
    training.training_record,
    title="Record training",
    done="Training recorded.",
    choices=lambda actor: {"modules": modules_for_viewer(actor)},
)


# --- Courses -----------------------------------------------------------------------------------


@requires(MANAGE)
def training_modules(request: HttpRequest) -> HttpResponse:
    """The organisation's courses, and a form to add a further one."""
    actor = request.actor
    form = ModuleForm(request.POST or None)
    done, _ = form_sent(
        request,
        form,
        lambda: training.module_add(actor=actor, **form.cleaned_data),
        lambda module: f"{module.name} added.",
    )
    if done:
        return redirect("volunteers_people:training")
    modules = _modules(actor)
    return render(
        request,
        "volunteers/people/training.html",
        {
            "mandatory": [m for m in modules if m.mandatory],
            "further": [m for m in modules if not m.mandatory],
            "form": form,
        },
    )


@login_required
def module_edit(request: HttpRequest, module_id: int) -> HttpResponse:
    actor = request.actor
    module = module_get_for_viewer(actor=actor, module_id=module_id)
    form = ModuleForm(
        request.POST or None,
        initial={"name": module.name, "valid_for_months": module.valid_for_months},
    )
    done, _ = form_sent(
        request,
        form,
        lambda: training.module_change(actor=actor, module=module, **form.cleaned_data),
        lambda _: f"{module.name} saved.",
    )
    if done:
        return redirect("volunteers_people:training")
    intro = (
        "This is one of the four mandatory courses. It keeps its name and stays mandatory."
        if module.mandatory
        else ""
    )
    return form_page(
        request,
        form,
        title=f"Change {module.name}",
        button="Save",
        back_url=reverse("volunteers_people:training"),
        caption="Training courses",
        intro=intro,
    )


@login_required
@require_POST
def module_delete(request: HttpRequest, module_id: int) -> HttpResponse:
    actor = request.actor
    module = module_get_for_viewer(actor=actor, module_id=module_id)
    button_pressed(
        request,
        lambda: training.module_delete(actor=actor, module=module),
        f"{module.name} deleted.",
    )
    return redirect("volunteers_people:training")
