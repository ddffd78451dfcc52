"""UK postcodes, tidied and checked: "m193ab" and " M19 3AB " are the same
postcode, and a typing slip is caught before anything is saved."""

from __future__ import annotations

import re

POSTCODE_MESSAGE = "Enter a full UK postcode, like M19 3AB."

# The UK postcode format (BS 7666, as published in the government's data
# standards). An outward code (the district: M1, B33, CR2, DN55, W1A, EC1A),
# a space, then an inward code: a digit and two letters. Some letters are
# never used in some places (no Q, V or X first; no C, I, K, M, O or V in
# the inward code), which catches common slips such as O for 0.
# GIR 0AA is a real, odd one (it was Girobank's) and is allowed by name.
_POSTCODE_RE = re.compile(
    r"""
    ^(?:
        GIR\ 0AA
      | (?:
            [A-PR-UWYZ][0-9][0-9]?                # M1, B33
          | [A-PR-UWYZ][A-HK-Y][0-9][0-9]?        # CR2, DN55
          | [A-PR-UWYZ][0-9][A-HJKPSTUW]          # W1A
          | [A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]  # EC1A, SW1A
        )
        \ [0-9][ABD-HJLNP-UW-Z]{2}
    )$
    """,
    re.VERBOSE,
)


class PostcodeError(ValueError):
    """The text is not a full UK postcode. The message is a sentence that can
    be shown to the person who typed it."""

    def __init__(self, message: str = POSTCODE_MESSAGE) -> None:
        super().__init__(message)


def normalise_postcode(text: str) -> str:
    """Put a postcode in its usual written form: capitals, one space before
    the last three characters ("m193ab" and " M19 3AB " give "M19 3AB").

    People type postcodes in many ways; storing one form means the same home
    is always found. This only tidies: it does not check the postcode is
    real (``is_valid_postcode`` does). Text too short to hold an inward code
    comes back in capitals without spaces.
    """
    compact = "".join(text.split()).upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def is_valid_postcode(text: str) -> bool:
    """True when the text, once tidied, has the shape of a full UK postcode.

    A postcode can have the right shape and still not exist; only a geocoder
    can tell that.
    """
    return bool(_POSTCODE_RE.match(normalise_postcode(text)))


def clean_postcode(text: str) -> str:
    """Tidy a postcode and check it, for forms and imports.

    Returns the tidied postcode, or raises ``PostcodeError`` whose message
    ("Enter a full UK postcode, like M19 3AB.") can go straight on the page.
    """
    postcode = normalise_postcode(text)
    if not _POSTCODE_RE.match(postcode):
        raise PostcodeError()
    return postcode


def outward_code(text: str) -> str:
    """The postcode district, the part before the space ("M19 3AB" gives
    "M19"). Raises ``PostcodeError`` when the text is not a full postcode."""
    return clean_postcode(text).split(" ")[0]
