"""Casework reads, scoped to what the viewer may see, a module by area."""
