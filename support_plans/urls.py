"""The pages of stars and plans, under the ``plans`` namespace."""

from keyring_net.routes import pages
from support_plans.views import member, plans, stars, templates

app_name = "plans"

urlpatterns = pages(
    """
    # A member's star and plan, for the staff who work with them.
    members/<int:member_id>/star/           stars.star               star
    members/<int:member_id>/star/new/       stars.reading_add        reading-add
    members/<int:member_id>/plan/           plans.plan               plan
    plans/<int:plan_id>/                    plans.plan_version       version
    plans/<int:plan_id>/goals/add/          plans.goal_add           goal-add
    plans/<int:plan_id>/risks/add/          plans.risk_add           risk-add
    plans/<int:plan_id>/budget/             plans.budget             budget
    plans/<int:plan_id>/crisis/             plans.crisis             crisis
    plans/<int:plan_id>/agree/              plans.agree              agree
    goals/<int:goal_id>/actions/add/        plans.action_add         action-add
    goals/<int:goal_id>/progress/           plans.progress_add       progress-add
    # The member's own plan, in their own login.
    my/plan/                                member.my_plan           my-plan
    my/plan/agree/                          member.my_agree          my-agree
    my/plan/say/                            member.my_comment        my-comment
    my/plan/talk/                           member.my_review         my-review
    my/plan.pdf                             member.my_plan_pdf       my-plan-pdf
    # The organisation's stars, for those who manage them.
    star-templates/                         templates.template_list  templates
    star-templates/new/                     templates.template_add   template-add
    star-templates/<int:star_template_id>/  templates.template_edit  template-edit
    """,
    member,
    plans,
    stars,
    templates,
)
