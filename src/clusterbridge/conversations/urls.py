from django.urls import path

from clusterbridge.conversations import views

app_name = "conversations"

urlpatterns = [
    path("", views.conversation_list, name="list"),
    path("<int:pk>/", views.conversation_detail, name="detail"),
    path("<int:pk>/new/", views.conversation_poll, name="poll"),
    path("messages/<int:pk>/edit/", views.message_edit, name="message_edit"),
    path("messages/<int:pk>/delete/", views.message_delete, name="message_delete"),
    path("messages/<int:pk>/report/", views.message_report, name="message_report"),
    path("messages/<int:pk>/moderate/", views.message_moderate, name="message_moderate"),
    path("messages/<int:pk>/attachment/", views.attachment, name="attachment"),
    path("moderation/", views.moderation, name="moderation"),
    path("groups/", views.group_list, name="groups"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/join/", views.group_join, name="group_join"),
    path("groups/<int:pk>/leave/", views.group_leave, name="group_leave"),
]
