"""Every API route, under /api/v1/. Apps register their viewsets here."""

from django.urls import path
from rest_framework.routers import SimpleRouter

import notifications.api
import outcomes.api_indicators
import outcomes.api_quality
import outcomes.api_reports
import outcomes.api_surveys
import support_plans.api
import volunteers.api.people
import volunteers.api.rota
import volunteers.api.today
from keyring_net import api
from members.api import ConnectionViewSet, ContactViewSet, MemberViewSet, ReferralViewSet
from networks.api import CommunityAssetViewSet, HomeViewSet, NetworkViewSet

router = SimpleRouter()
router.register("networks", NetworkViewSet, basename="api-network")
router.register("homes", HomeViewSet, basename="api-home")
router.register("members", MemberViewSet, basename="api-member")
router.register("referrals", ReferralViewSet, basename="api-referral")
router.register("contacts", ContactViewSet, basename="api-contact")
router.register("connections", ConnectionViewSet, basename="api-connection")
router.register("community-assets", CommunityAssetViewSet, basename="api-community-asset")

for prefix, viewset, basename in (
    *volunteers.api.people.ROUTES,
    *volunteers.api.rota.ROUTES,
    *volunteers.api.today.ROUTES,
    *support_plans.api.ROUTES,
    *outcomes.api_indicators.ROUTES,
    *outcomes.api_surveys.ROUTES,
    *outcomes.api_quality.ROUTES,
    *outcomes.api_reports.ROUTES,
    *notifications.api.ROUTES,
):
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("me/", api.MeView.as_view(), name="api-me"),
    *router.urls,
]
