"""Demo networks, homes and places (keyring_net.demo calls
``networks.demo.seed``), one module by area: ``seed`` and what the hubs,
events and community places are made of (``neighbourhood``)."""
