"""Spchangesheets' reads, a module by area."""
