"""Routes of the privacy app, a module by area."""
