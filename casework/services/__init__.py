"""Casework changes, each taking the acting person, a module by area."""
