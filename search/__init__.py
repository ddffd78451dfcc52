"""Search across the records a person already reaches: contact notes,
plans, appointments and planned visits, tasks, incidents and safeguarding
concerns (DEVELOPERS.md, "Search")."""
