"""What the outcomes app does (writes, with the rules they keep), by area."""
