from django.urls import path

from cohorts import views

app_name = "cohorts"

urlpatterns = [
    path("cohorts/", views.cohort_list, name="list"),
    path("cohorts/sign-up/<str:token>/", views.sign_up_page, name="sign_up"),
    path("cohorts/members/<str:token>/", views.members, name="members"),
    path("cohorts/interest/", views.choose_interest, name="choose_interest"),
    path("cohorts/interest/<number:number>/", views.interest, name="interest"),
    path("cohorts/interest/<number:number>/sent/", views.interest_sent, name="interest_sent"),
    path("cohorts/interest/<number:number>/withdrawn/", views.interest_withdrawn, name="interest_withdrawn"),
    path("cohorts/interest/confirm/<str:token>/", views.interest_page, name="interest_page"),
    path("cohorts/<slug:slug>/", views.cohort_detail, name="cohort"),
    path("cohorts/<slug:slug>/join/", views.join, name="join"),
    path("cohorts/<slug:slug>/join/sent/", views.join_sent, name="join_sent"),
]
