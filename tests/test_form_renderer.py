"""Selects written out in Python (keyring_net/renderers.py) are the same,
character for character, as Django's templates make them."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from keyring_net.renderers import FormRenderer

CHOICES = [("", "Any <one>"), (1, 'A & "b"'), ("Group <g>", [(2, "x"), (3, "y")])]


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES, required=False)
    several = forms.MultipleChoiceField(choices=[(1, "one"), (2, "two")])
    number = forms.IntegerField(widget=forms.Select(choices=[("", "Anyone"), (5, "Bo")]))


@pytest.mark.parametrize("data", [None, {"plain": "2", "several": ["1", "2"], "number": "5"}])
@pytest.mark.parametrize("name", ["plain", "several", "number"])
def test_a_select_is_the_same_as_djangos(data, name):
    attrs = {"class": "govuk-select", "aria-describedby": "hint", "disabled": False}
    django_made = Everything(data, renderer=DjangoTemplates())[name].as_widget(attrs=attrs)
    ours = Everything(data, renderer=FormRenderer())[name].as_widget(attrs=attrs)
    assert ours == django_made


def test_an_option_with_its_own_template_renders_through_it():
    class Fancy(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    field = forms.ChoiceField(choices=[(1, "one")], widget=Fancy)
    form = forms.Form(renderer=FormRenderer())
    form.fields["f"] = field
    assert 'type="select"' in str(form["f"])  # the input option's template, not ours


def test_it_is_the_sites_renderer(settings):
    assert settings.FORM_RENDERER == "keyring_net.renderers.FormRenderer"
