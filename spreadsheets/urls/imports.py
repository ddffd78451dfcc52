"""Import pages, under organisation/imports/."""

from keyring_net.routes import pages
from spreadsheets.views import imports

app_name = "imports"

urlpatterns = pages(
    """
    organisation/imports/                         imports.import_list      list
    organisation/imports/new/                     imports.import_start     start
    organisation/imports/<int:run_id>/            imports.import_detail    detail
    organisation/imports/<int:run_id>/progress/   imports.import_progress  progress
    organisation/imports/<int:run_id>/apply/      imports.import_apply     apply
    organisation/imports/<int:run_id>/undo/       imports.import_undo      undo
    organisation/imports/<int:run_id>/problems/   imports.import_report    report
    """,
    imports,
)
