"""Forms for stars and plans. Errors are plain words next to the field."""
