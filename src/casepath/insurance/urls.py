from django.urls import path

from casepath.insurance import views

app_name = "insurance"
urlpatterns = [
    path("carriers/", views.carrier_list, name="carriers"),
    path("carriers/new/", views.carrier_create, name="carrier_create"),
    path("carriers/<int:carrier_id>/edit/", views.carrier_edit, name="carrier_edit"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/row/", views.plan_row, name="plan_row"),
    path("plans/<int:plan_id>/edit/", views.plan_edit, name="plan_edit"),
    path("fees/", views.fee_schedule_list, name="fee_schedules"),
    path("fees/new/", views.fee_schedule_create, name="fee_schedule_create"),
    path("fees/<int:schedule_id>/", views.fee_schedule_detail, name="fee_schedule"),
    path("fees/<int:schedule_id>/edit/", views.fee_schedule_edit, name="fee_schedule_edit"),
    path("fees/<int:schedule_id>/add/", views.fee_add, name="fee_add"),
    path("fees/<int:schedule_id>/import/", views.fee_import, name="fee_import"),
    path("fees/<int:schedule_id>/fees/<int:fee_id>/", views.fee_row, name="fee_row"),
    path("fees/<int:schedule_id>/fees/<int:fee_id>/edit/", views.fee_edit, name="fee_edit"),
]
