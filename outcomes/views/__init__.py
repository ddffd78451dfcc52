"""The outcomes pages, by area."""
