"""The outcomes forms, by area. Errors are plain words next to the field."""
