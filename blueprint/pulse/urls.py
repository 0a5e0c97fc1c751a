from django.urls import path

from blueprint.pulse import views

app_name = "pulse"

urlpatterns = [
    path("pulse-check/", views.home, name="home"),
    path("pulse-check/<slug:slug>/start/", views.start, name="start"),
    path("pulse-check/<slug:slug>/group/", views.new_group, name="new_group"),
    path("pulse-check/answers/<str:token>/<int:section>/", views.answer, name="answer"),
    path("pulse-check/answers/<str:token>/", views.result, name="result"),
    path("pulse-check/answers/<str:token>/retake/", views.retake, name="retake"),
    path("pulse-check/answers/<str:token>/remind/", views.remind, name="remind"),
    path("pulse-check/answers/<str:token>/email-link/", views.email_result_link, name="email_result_link"),
    path("pulse-check/reminder/<str:token>/", views.confirm_reminder, name="confirm_reminder"),
    path("pulse-check/join/<str:token>/", views.join, name="join"),
    path("pulse-check/invitation/<str:token>/", views.invitation, name="invitation"),
    path("pulse-check/facilitate/<str:token>/", views.facilitate, name="facilitate"),
    path("pulse-check/facilitate/<str:token>/close/", views.close, name="close"),
    path("pulse-check/facilitate/<str:token>/invite/", views.invite, name="invite"),
    path(
        "pulse-check/facilitate/<str:token>/email-link/",
        views.email_facilitator_link,
        name="email_facilitator_link",
    ),
    path("pulse-check/facilitate/<str:token>/figures/", views.facilitate_figures, name="facilitate_figures"),
    path("pulse-check/facilitate/<str:token>/group-check.csv", views.aggregate_csv, name="aggregate_csv"),
    path("working-on/<number:number>/", views.working_on, name="working_on"),
    path("working-on/<number:number>/sent/", views.working_on_sent, name="working_on_sent"),
    path("working-on/<number:number>/withdrawn/", views.working_on_withdrawn, name="working_on_withdrawn"),
    path("working-on/entry/<str:token>/", views.working_on_entry, name="working_on_entry"),
    path("working-on/contact/<id:pk>/", views.contact, name="contact"),
    path("working-on/reply/<str:token>/", views.reply, name="reply"),
    path("working-on/<number:number>/message-sent/", views.contact_sent, name="contact_sent"),
]
