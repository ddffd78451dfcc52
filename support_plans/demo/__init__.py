"""Demo stars and support plans: ``seed.seed_support_plans`` (called by
keyring_net.demo), the writer (``seeder``) and what they say (``stories``)."""
