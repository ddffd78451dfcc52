"""The outcomes API, by area: each module gives its viewsets and ROUTES."""
