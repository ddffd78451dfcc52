"""State changes for stars and support plans. Each takes the acting person.

"Doing with, not doing for": a plan version counts as agreed only when the
member themselves and a worker have both agreed it; the member's comments
and disagreements are kept with it for good.
"""
