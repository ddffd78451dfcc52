"""Member pages, one module by area."""
