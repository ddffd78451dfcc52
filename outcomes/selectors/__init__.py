"""What the outcomes app reads (each limited to what the viewer may see), by area."""
