"""Routes of appointments and planned visits (joined in keyring_net/urls.py)."""

from casework.views import appointments
from keyring_net.routes import pages

app_name = "casework_appointments"

urlpatterns = pages(
    """
    appointments/                              appointment_list    appointments
    appointments/new/                          appointment_add     appointment-add
    appointments/<int:appointment_id>/         appointment_detail  appointment
    appointments/<int:appointment_id>/change/  appointment_change  appointment-change
    visits/                                    visit_list          visits
    visits/new/                                visit_add           visit-add
    visits/<int:visit_id>/                     visit_detail        visit
    visits/<int:visit_id>/change/              visit_change        visit-change
    visits/<int:visit_id>/log-contact/         visit_log_contact   visit-log-contact
    my/appointments/                           my_appointments     my
    """,
    appointments,
)
