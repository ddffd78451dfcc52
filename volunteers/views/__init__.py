"""Pages for volunteers: recruitment and training, the rota, and today."""
