"""The fast select renderer writes exactly what Django's templates write."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterbridge.common.form_rendering import FastSelectRenderer
from clusterbridge.directory.models import Country

STOCK = DjangoTemplates()
FAST = FastSelectRenderer()


def _both(
    widget: forms.Widget, value: object, attrs: dict[str, object] | None = None
) -> tuple[str, str]:
    return (
        widget.render("field", value, attrs=attrs, renderer=STOCK),
        widget.render("field", value, attrs=attrs, renderer=FAST),
    )


CHOICES = [
    ("", "---------"),
    ("a", "Plain"),
    ("b&c", 'Quotes " and <tags> & ampersands'),
    (3, 1234567),
    ("safe", mark_safe("<b>already safe</b>")),
    ("lazy", gettext_lazy("Mentor")),
]


@pytest.mark.parametrize("value", [None, "", "a", "b&c", 3, "missing"])
def test_select_matches_django_templates(value: object) -> None:
    stock, fast = _both(forms.Select(choices=CHOICES), value, {"id": "id_field", "required": True})
    assert fast == stock


def test_grouped_multiple_select_with_disabled_attribute_matches_django_templates() -> None:
    grouped = [
        ("Maghreb", [("MA", "Morocco"), ("TN", "Tunisia")]),
        ("Levant & <Mashreq>", [("JO", "Jordan"), ("PS", "Palestine")]),
        ("EG", "Egypt"),
    ]
    widget = forms.SelectMultiple(choices=grouped, attrs={"disabled": True, "data-x": 'a"b'})
    stock, fast = _both(widget, ["TN", "EG"])
    assert fast == stock
    assert 'label="Levant &amp; &lt;Mashreq&gt;"' in fast


def test_null_boolean_select_matches_django_templates() -> None:
    for value in (None, True, False, "unknown"):
        stock, fast = _both(forms.NullBooleanSelect(), value)
        assert fast == stock


@given(
    st.lists(st.tuples(st.text(max_size=8), st.text(max_size=12)), max_size=6),
    st.text(max_size=8),
)
@settings(max_examples=60, deadline=None)
def test_any_choices_render_as_django_templates_do(
    choices: list[tuple[str, str]], value: str
) -> None:
    stock, fast = _both(forms.Select(choices=choices), value)
    assert fast == stock


@pytest.mark.django_db
def test_model_choice_select_of_countries_matches_django_templates() -> None:
    field = forms.ModelChoiceField(queryset=Country.objects.order_by("name"))
    value = Country.objects.order_by("name").values_list("pk", flat=True).first()
    stock, fast = _both(field.widget, value)
    assert fast == stock
    assert Country.objects.count() > 200
    assert fast.count("<option") == Country.objects.count() + 1


def test_a_select_with_its_own_option_template_goes_through_templates() -> None:
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    stock, fast = _both(Custom(choices=[("a", "A")]), "a")
    assert fast == stock
    assert "<option" not in fast
