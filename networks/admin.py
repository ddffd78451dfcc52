from django.contrib import admin

from keyring_net.admin import AllOrganisationsAdmin
from networks.models import Cluster, Home, Network


@admin.register(Cluster)
class ClusterAdmin(AllOrganisationsAdmin):
    list_display = ["name", "organisation"]


@admin.register(Network)
class NetworkAdmin(AllOrganisationsAdmin):
    list_display = ["name", "organisation", "cluster", "status", "capacity"]
    list_filter = ["status", "organisation"]


@admin.register(Home)
class HomeAdmin(AllOrganisationsAdmin):
    list_display = ["address_line_1", "postcode", "network", "tenure", "organisation"]
    list_filter = ["tenure", "organisation"]
