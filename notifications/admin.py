from django.contrib import admin

from keyring_net.admin import AllOrganisationsAdmin
from notifications.models import Delivery, DeliveryAttempt, Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(AllOrganisationsAdmin):
    list_display = ["title", "kind", "recipient", "due_at", "read_at", "organisation"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient"]
    # The e-mail itself, encrypted until sent: never shown, never edited.
    exclude = ["sealed"]


@admin.register(Delivery)
class DeliveryAdmin(AllOrganisationsAdmin):
    list_display = ["notification", "channel", "state", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["state", "channel"]
    raw_id_fields = ["notification"]


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(AllOrganisationsAdmin):
    list_display = ["delivery", "outcome", "at", "error"]
    list_filter = ["outcome"]
    raw_id_fields = ["delivery"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(AllOrganisationsAdmin):
    list_display = ["user", "channels", "quiet_from", "quiet_until", "organisation"]
    raw_id_fields = ["user"]
