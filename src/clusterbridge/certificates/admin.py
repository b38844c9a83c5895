from django.contrib import admin
from django.http import HttpRequest

from clusterbridge.certificates.models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Read-only: certificates are issued through the closing page or the command."""

    list_display = ["name", "participation", "language", "issued_at"]
    list_select_related = ["participation__person", "participation__programme"]
    search_fields = ["name", "participation__programme__name"]
    readonly_fields = ["participation", "code", "name", "language", "issued_at", "issued_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
