"""A person's language: stored with them from the language menu or the preferences page, so
it holds on every device; the menu names each language in itself."""

from django.test import Client
from django.urls import reverse

from apps.accounts.models import AuditEvent


def choose_english(client):
    return client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})


def test_the_language_menu_stores_the_choice_with_me(client, mentor):
    client.force_login(mentor)
    response = choose_english(client)
    mentor.refresh_from_db()
    assert response.status_code == 302 and mentor.language == "en"
    assert AuditEvent.objects.filter(actor=mentor, action="preferences.language").exists()


def test_the_language_menu_still_sets_the_cookie(client, mentor):
    client.force_login(mentor)
    assert choose_english(client).cookies["django_language"].value == "en"


def test_my_choice_holds_on_a_second_device(client, mentor):
    client.force_login(mentor)
    choose_english(client)
    other_device = Client()
    other_device.force_login(mentor)
    page = other_device.get(reverse("home")).content.decode()
    assert "django_language" not in other_device.cookies
    assert '<html lang="en">' in page


def test_without_a_stored_choice_the_browser_decides(client, mentor):
    client.force_login(mentor)
    page = client.get(reverse("home"), headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in page


def test_choosing_before_login_sets_the_cookie(client):
    response = choose_english(client)
    assert response.cookies["django_language"].value == "en"


def test_the_preferences_page_shows_and_changes_my_language(client, mentor):
    client.force_login(mentor)
    page = client.get(reverse("preferences")).content.decode()
    assert "De taal van je browser" in page and ">English<" in page
    client.post(reverse("preferences"), {"reminder_mode": "dagelijks", "language": "en"})
    mentor.refresh_from_db()
    assert mentor.language == "en"


def test_the_preferences_page_can_go_back_to_the_browser(client, mentor):
    mentor.language = "en"
    mentor.save(update_fields=["language"])
    client.force_login(mentor)
    client.post(reverse("preferences"), {"reminder_mode": "dagelijks", "language": ""})
    mentor.refresh_from_db()
    assert mentor.language == ""


def test_an_unknown_language_is_refused(client, mentor):
    client.force_login(mentor)
    response = client.post(reverse("preferences"), {"reminder_mode": "dagelijks", "language": "xx"})
    assert (
        response.status_code == 400 and "Kies een taal uit de lijst." in response.content.decode()
    )


def test_the_menu_names_each_language_in_itself(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<option value="nl" lang="nl" selected>Nederlands</option>' in page
    assert '<option value="en" lang="en">English</option>' in page


def test_the_menu_names_each_language_in_itself_in_english_too(client, mentor):
    mentor.language = "en"
    mentor.save(update_fields=["language"])
    client.force_login(mentor)
    page = client.get(reverse("home")).content.decode()
    assert ">Nederlands</option>" in page and ">English</option>" in page
