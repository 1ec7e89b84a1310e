from django.urls import reverse

from apps.accounts.services import notify


def test_notifications_page_lists_mine_and_marks_them_read(client, mentor, student):
    notify(recipients=[mentor], message="Zelfreflectie ingediend", url="/formulieren/1/")
    notify(recipients=[student.user], message="Niet voor de mentor")
    client.force_login(mentor)
    page = client.get(reverse("notifications")).content.decode()
    assert "Zelfreflectie ingediend" in page and "Niet voor de mentor" not in page
    assert not mentor.notifications.filter(read_at__isnull=True).exists()


def test_unread_count_shows_in_the_navigation(client, mentor):
    notify(recipients=[mentor], message="Nieuw formulier")
    client.force_login(mentor)
    page = client.get(reverse("home")).content.decode()
    assert '1<span class="visually-hidden"> ongelezen</span>' in page
