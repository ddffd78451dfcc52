from django.urls import path

from support_plans import views, views_member, views_templates

app_name = "plans"

urlpatterns = [
    path("members/<int:member_id>/star/", views.star, name="star"),
    path("members/<int:member_id>/star/new/", views.reading_add, name="reading-add"),
    path("members/<int:member_id>/plan/", views.plan, name="plan"),
    path("plans/<int:plan_id>/", views.plan_version, name="version"),
    path("plans/<int:plan_id>/goals/add/", views.goal_add, name="goal-add"),
    path("plans/<int:plan_id>/risks/add/", views.risk_add, name="risk-add"),
    path("plans/<int:plan_id>/budget/", views.budget, name="budget"),
    path("plans/<int:plan_id>/crisis/", views.crisis, name="crisis"),
    path("plans/<int:plan_id>/agree/", views.agree, name="agree"),
    path("goals/<int:goal_id>/actions/add/", views.action_add, name="action-add"),
    path("goals/<int:goal_id>/progress/", views.progress_add, name="progress-add"),
    path("my/plan/", views_member.my_plan, name="my-plan"),
    path("my/plan/agree/", views_member.my_agree, name="my-agree"),
    path("my/plan/say/", views_member.my_comment, name="my-comment"),
    path("my/plan/talk/", views_member.my_review, name="my-review"),
    path("my/plan.pdf", views_member.my_plan_pdf, name="my-plan-pdf"),
    path("star-templates/", views_templates.template_list, name="templates"),
    path("star-templates/new/", views_templates.template_add, name="template-add"),
    path(
        "star-templates/<int:star_template_id>/",
        views_templates.template_edit,
        name="template-edit",
    ),
]
