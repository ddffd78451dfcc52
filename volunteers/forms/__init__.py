"""Forms for volunteers: recruitment and training, and the rota."""
