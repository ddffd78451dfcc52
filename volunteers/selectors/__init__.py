"""Scoped reads for volunteers: people, rotas, coverage gaps and hours."""
