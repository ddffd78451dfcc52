"""State changes for volunteers: recruitment, training, shifts, patterns, swaps and time off."""
