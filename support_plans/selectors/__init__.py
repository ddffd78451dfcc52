"""Reads of stars and plans, within the viewer's organisation and reach
(``reach``: the rules the pages and the API share)."""
