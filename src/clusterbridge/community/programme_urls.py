"""Community pages that belong to one programme, under /programmes/<slug>/."""

from django.urls import path

from clusterbridge.community import views

app_name = "community_programme"

urlpatterns = [
    path("network/", views.programme_network, name="network"),
    path("portfolio/", views.portfolio_page, name="portfolio"),
    path("portfolio.pdf", views.portfolio_pdf, name="portfolio_pdf"),
]
