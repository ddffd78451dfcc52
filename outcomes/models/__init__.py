"""Outcomes: what members say about the service, what quality checkers find,
what changes in members' lives, what it costs and saves, and the reports
commissioners receive.

Four parts, one app, a module each (Django finds the models through the
imports below):

* **Surveys** - an organisation's satisfaction surveys, with easy-read
  wording and picture answers, sent to the members of chosen networks.
  Members answer on their own, with a supporter, or anonymously.
* **Quality checks** - visits by quality checkers with lived experience,
  with a checklist, findings and actions whose follow-up is tracked.
* **Outcome indicators** - events in a member's life the rest of the
  product does not already record (a tenancy lost, an admission avoided,
  starting work). Tenancy sustained, moving on, connections, support
  intensity and star progress are worked out from the other apps' records.
* **Contracts and reports** - a council's contract covers some networks for
  a period; reports for it are aggregates only, with small counts
  suppressed, rendered to PDF and CSV and kept.
"""

# Each module lists its models in ``__all__``; they are all re-exported here.
from outcomes.models import costs, indicators, quality, reports, surveys
from outcomes.models.costs import *  # noqa: F403
from outcomes.models.indicators import *  # noqa: F403
from outcomes.models.quality import *  # noqa: F403
from outcomes.models.reports import *  # noqa: F403
from outcomes.models.surveys import *  # noqa: F403

__all__ = [
    *costs.__all__,
    *indicators.__all__,
    *quality.__all__,
    *reports.__all__,
    *surveys.__all__,
]
