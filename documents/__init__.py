"""Documents: files kept with the records (a tenancy agreement, an
assessment letter, signed consent, a DBS certificate). The apps above
register what a document can be attached to (``documents.registry``);
files are checked by their content on the way in, stored outside the web
roots, and handed out only through a view that asks the policy."""
