from django.urls import path

from blueprint.maturity import views

app_name = "maturity"

urlpatterns = [
    path("maturity-model/", views.model, name="model"),
    path("maturity-model/<slug:area>/<slug:stage>/", views.cell, name="cell"),
]
