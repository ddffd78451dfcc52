"""The volunteers part of the demo (called by keyring_net/demo): people and
their recruitment and training, the rota, and lone working."""
