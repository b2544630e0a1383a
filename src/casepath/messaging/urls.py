"""Every URL of the messages area: staff pages under messages/, public ones under m/."""

from django.urls import path

from casepath.messaging.views import patient, public, send, templates

app_name = "messaging"
urlpatterns = [
    path("messages/templates/", templates.template_list, name="templates"),
    path("messages/templates/new/", templates.template_edit, name="template_new"),
    path(
        "messages/templates/<int:message_template_id>/",
        templates.template_edit,
        name="template_edit",
    ),
    path("messages/tasks/<int:task_id>/send/", send.task_send, name="task_send"),
    path("messages/patients/<int:patient_id>/", patient.patient_messages, name="patient_messages"),
    path("m/unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("m/sms/inbound/", public.sms_inbound, name="sms_inbound"),
    path("m/sms/status/", public.sms_status, name="sms_status"),
]
