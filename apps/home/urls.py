from django.urls import path

from apps.home import views

# No namespace: the home page has always been reversed as "home".
urlpatterns = [
    path("", views.home, name="home"),
]
