"""Casework: the everyday duties of a support provider. A member's
appointments and workers' planned visits, tasks and the caseload view,
safeguarding concerns and incidents, each in its own module by area."""
