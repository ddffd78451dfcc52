from django.contrib import admin

from keyring_net.admin import AllOrganisationsAdmin
from members.models import Member
from members.services import record


class MemberRecordAdmin(AllOrganisationsAdmin):
    """An admin whose change page shows a member's record, or part of it
    (support needs, contacts' notes, plans...). Opening one, or its change
    history, is logged in the
    member's record access log, naming the staff person, like any other
    view. Every admin for a model about a member uses it
    (``tests/test_admin_sign_in.py`` checks); its list pages leave such
    fields out."""

    def members_shown(self, obj) -> list[Member]:
        """The members whose records the change page of ``obj`` shows."""
        return [obj.member]

    def _looked(self, request, obj) -> None:
        for member in self.members_shown(obj):
            record.record_admin_access(viewer=request.user, member=member)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            self._looked(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        """The change history names the record and what changed in it, so
        opening it is logged like the change page."""
        response = super().history_view(request, object_id, extra_context)
        obj = (getattr(response, "context_data", None) or {}).get("object")
        if response.status_code == 200 and obj is not None:
            self._looked(request, obj)
        return response


@admin.register(Member)
class MemberAdmin(MemberRecordAdmin):
    list_display = ["full_name", "status", "network", "organisation"]
    list_filter = ["status", "organisation"]

    def members_shown(self, obj: Member) -> list[Member]:
        return [obj]
