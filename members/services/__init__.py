"""State changes for members, one module by area. Each takes the acting
person explicitly."""
