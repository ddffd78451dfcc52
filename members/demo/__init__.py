"""Demo members and their lives in the network (keyring_net.demo calls
``members.demo.seed``), one module by area."""
