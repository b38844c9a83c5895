from django.contrib import admin

from clusterbridge.competences.models import CompetenceArea, CompetenceIndicator, PersonCompetence


class IndicatorInline(admin.StackedInline):
    model = CompetenceIndicator
    extra = 0


@admin.register(CompetenceArea)
class CompetenceAreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "order")
    inlines = [IndicatorInline]


@admin.register(PersonCompetence)
class PersonCompetenceAdmin(admin.ModelAdmin):
    list_display = ("person", "area", "kind", "level")
    list_filter = ("kind", "area")
    list_select_related = ("person", "area")
    raw_id_fields = ("person",)
