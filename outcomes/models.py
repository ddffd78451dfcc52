"""Models arrive with this app's issue; the app is registered so its
migrations, admin and URLs have a home from the start."""
