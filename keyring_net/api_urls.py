"""Every API route, under /api/v1/. Apps register their viewsets here."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from keyring_net import api
from members.api import MemberViewSet

router = SimpleRouter()
router.register("members", MemberViewSet, basename="api-member")

urlpatterns = [
    path("me/", api.MeView.as_view(), name="api-me"),
    *router.urls,
]
