"""Every API route, under /api/v1/. Apps register their viewsets here."""

from django.urls import path
from rest_framework.routers import SimpleRouter

import casework.api.appointments
import casework.api.incidents
import casework.api.safeguarding
import casework.api.tasks
import documents.api
import keyring_net.api.people
import notifications.api
import outcomes.api.indicators
import outcomes.api.quality
import outcomes.api.reports
import outcomes.api.survey_responses
import outcomes.api.surveys
import spreadsheets.api.exports
import spreadsheets.api.imports
import support_plans.api.routes
import volunteers.api.panels
import volunteers.api.people
import volunteers.api.rota
import volunteers.api.today
from keyring_net.api.me import MeView
from keyring_net.api.organisation import settings_view as organisation_settings
from members.api import ConnectionViewSet, ContactViewSet, MemberViewSet, ReferralViewSet
from networks.api.networks import ClusterViewSet, NetworkViewSet
from networks.api.places import CommunityAssetViewSet, HomeViewSet
from search.api import SearchView

router = SimpleRouter()
router.register("clusters", ClusterViewSet, basename="api-cluster")
router.register("networks", NetworkViewSet, basename="api-network")
router.register("homes", HomeViewSet, basename="api-home")
router.register("members", MemberViewSet, basename="api-member")
router.register("referrals", ReferralViewSet, basename="api-referral")
router.register("contacts", ContactViewSet, basename="api-contact")
router.register("connections", ConnectionViewSet, basename="api-connection")
router.register("community-assets", CommunityAssetViewSet, basename="api-community-asset")

for prefix, viewset, basename in (
    *volunteers.api.people.ROUTES,
    *volunteers.api.panels.ROUTES,
    *volunteers.api.rota.ROUTES,
    *volunteers.api.today.ROUTES,
    *support_plans.api.routes.ROUTES,
    *outcomes.api.indicators.ROUTES,
    *outcomes.api.surveys.ROUTES,
    *outcomes.api.survey_responses.ROUTES,
    *casework.api.tasks.ROUTES,
    *outcomes.api.quality.ROUTES,
    *outcomes.api.reports.ROUTES,
    *notifications.api.ROUTES,
    *spreadsheets.api.exports.ROUTES,
    *keyring_net.api.people.ROUTES,
    *spreadsheets.api.imports.ROUTES,
    *documents.api.ROUTES,
    *casework.api.safeguarding.ROUTES,
    *casework.api.incidents.ROUTES,
    *casework.api.appointments.ROUTES,
):
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("organisation/", organisation_settings, name="api-organisation"),
    path("search/", SearchView.as_view(), name="api-search"),
    *router.urls,
]
