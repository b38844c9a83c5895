from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from clusterbridge.common.forms import HTTPS_URL_FORM_FIELDS
from clusterbridge.directory import services
from clusterbridge.directory.models import (
    Country,
    Organisation,
    OrganisationLabel,
    Person,
    PersonLanguage,
    Sector,
    Visibility,
)


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "region", "default_time_zone")
    list_filter = ("region",)
    search_fields = ("code", "name")


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


class LabelInline(admin.StackedInline):
    model = OrganisationLabel
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "kind", "country", "city")
    list_filter = ("kind", "country")
    list_select_related = ("country",)
    search_fields = ("name", "acronym", "city")
    # A short fixed list: checkboxes, which screen readers name one by one. Django's
    # filter_horizontal and autocomplete widgets both leave a search box without a label.
    formfield_overrides = {
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
        **HTTPS_URL_FORM_FIELDS,
    }
    inlines = [LabelInline]


class LanguageInline(admin.StackedInline):
    model = PersonLanguage
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "email", "organisation", "country", "time_zone")
    list_filter = ("country", "gender")
    list_select_related = ("organisation", "country")
    search_fields = ("full_name", "email")
    raw_id_fields = ("user", "organisation")
    # Consents are stamped by the services, which keep the directory one in step with the
    # visibility; the admin chooses the visibility and the service does the rest.
    readonly_fields = ("directory_consent_at", "portfolio_consent_at")
    # Photos are uploaded, replaced and removed on the profile page only, which re-encodes them
    # (directory.photos); the file has no public URL for the admin to link to.
    exclude = ("photo",)
    formfield_overrides = {
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
    }
    inlines = [LanguageInline]

    def save_model(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        wanted = obj.visibility
        obj.visibility = (
            Person.objects.values_list("visibility", flat=True).get(pk=obj.pk)
            if change
            else Visibility.PROGRAMME
        )
        super().save_model(request, obj, form, change)
        if wanted != obj.visibility:
            services.update_person(person=obj, visibility=wanted)
