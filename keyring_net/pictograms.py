"""The pictures easy-read pages use, one per idea.

Easy read uses the same picture for the same idea everywhere; templates
name an idea (``{% pictogram "home" %}``) and never a file. The files are
OpenMoji (CC BY-SA 4.0), credited on every easy-read page.
"""

from __future__ import annotations

ATTRIBUTION = "Pictures: OpenMoji (openmoji.org), CC BY-SA 4.0"

PICTOGRAMS: dict[str, str] = {
    "home": "Home",
    "phone": "Phone",
    "look": "Looking",
    "hello": "Hello",
    "people": "People together",
    "calendar": "Calendar",
    "plan": "Plan",
    "star": "Star",
    "happy": "Happy face",
    "okay": "Okay face",
    "sad": "Sad face",
    "key": "Key",
    "help": "Help",
    "listen": "Listen",
    "person": "Person",
    "handshake": "Handshake",
    "card": "Card",
    "map": "Map",
    "question": "Question",
    "door": "Door",
    "computer": "Computer",
    "clock": "Clock",
    "letter": "Letter",
    "heart": "Heart",
    "money": "Money",
    "health": "Health",
    "safe": "Safe",
    "work": "Work",
    "bus": "Bus",
    "shop": "Shop",
}
