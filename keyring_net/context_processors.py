from django.conf import settings

from keyring_net import navigation
from keyring_net.actors import Actor


def shell(request):
    """What the page shell needs: the acting person, their navigation and
    the organisations they can switch between."""
    actor = getattr(request, "actor", None) or Actor.anonymous()
    return {
        "actor": actor,
        "nav_items": navigation.items_for(actor, request.path),
        "service_name": "KeyRing Net",
        "debug_banner": settings.DEBUG,
    }
