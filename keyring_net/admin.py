"""Django admin for platform staff. The admin crosses organisations on
purpose (it is on the reviewed list), so each tenant-owned admin uses
``AllOrganisationsAdmin``."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from keyring_net.models import Heartbeat, LocalAuthority, Organisation, RoleAssignment, User
from keyring_net.tenancy import all_organisations


class AllOrganisationsAdmin(admin.ModelAdmin):
    """Admin views run outside any organisation scope: platform staff only."""

    def changelist_view(self, request, extra_context=None):
        with all_organisations():
            return super().changelist_view(request, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with all_organisations():
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with all_organisations():
            return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        with all_organisations():
            return super().history_view(request, object_id, extra_context)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "country", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(User)
class UserAdmin(AllOrganisationsAdmin, BaseUserAdmin):
    """People belong to no single organisation: like the tenant-owned
    admins, these views see everyone's (row-level security included)."""

    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "preferred_name", "phone")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )

    def user_change_password(self, request, id, form_url=""):
        with all_organisations():
            return super().user_change_password(request, id, form_url)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AllOrganisationsAdmin):
    list_display = ["user", "role", "organisation", "cluster", "network", "ended_at"]
    list_filter = ["role", "organisation"]
    raw_id_fields = ["user", "granted_by"]


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_seen_at"]
