"""Imports from CSV and Excel files: reading, columns, the engine, kinds
of record, and an import's steps (``runs``)."""
