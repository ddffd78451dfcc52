"""The API routes of stars and plans: (prefix, viewset, basename), for
keyring_net/api_urls.py to register."""

from support_plans.api.goals import ActionViewSet, GoalViewSet
from support_plans.api.plans import SupportPlanViewSet
from support_plans.api.readings import StarReadingViewSet
from support_plans.api.reviews import PlanReviewViewSet
from support_plans.api.risks import CrisisPlanViewSet, RiskItemViewSet
from support_plans.api.templates import StarTemplateViewSet

ROUTES: list = [
    ("star-templates", StarTemplateViewSet, "api-star-template"),
    ("star-readings", StarReadingViewSet, "api-star-reading"),
    ("plans", SupportPlanViewSet, "api-plan"),
    ("goals", GoalViewSet, "api-goal"),
    ("actions", ActionViewSet, "api-action"),
    ("risk-plans", RiskItemViewSet, "api-risk-plan"),
    ("crisis-plans", CrisisPlanViewSet, "api-crisis-plan"),
    ("plan-reviews", PlanReviewViewSet, "api-plan-review"),
]
