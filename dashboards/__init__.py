"""Pages that compose several apps: the support manager's dashboard, handing
over someone's work when they leave, a network's connections, and what the
network pages show of the members they support."""
