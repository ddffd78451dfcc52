"""State changes of imports and exports."""
