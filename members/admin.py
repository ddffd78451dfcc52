from django.contrib import admin

from keyring_net.admin import AllOrganisationsAdmin
from members.models import Member


@admin.register(Member)
class MemberAdmin(AllOrganisationsAdmin):
    list_display = ["full_name", "status", "network", "organisation"]
    list_filter = ["status", "organisation"]
