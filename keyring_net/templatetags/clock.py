"""``{{ moment|clock }}``: a time as people say it ("6pm", "6:30pm",
"midday"), in the page's time zone (``{% timezone %}``), in the same words
as ``keyring_net.clock.clock`` uses in messages."""

from django import template
from django.utils import timezone

from keyring_net.clock import say_time

register = template.Library()


@register.filter
def clock(moment):
    if not moment:
        return ""
    return say_time(timezone.localtime(moment))
