"""Optimistic locking: the edit counter a page was loaded with, the error when someone else
saved in between, and the POST skeleton the saving views share."""

from collections.abc import Callable, Iterable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse, JsonResponse

T = TypeVar("T")


class ServiceError(Exception):
    """A service refused: the message can be shown to the user. `CycleError` derives from it,
    and so does StaleEdit, which is no CycleError (views catch StaleEdit first)."""


class StaleEdit(ServiceError):
    """Someone else saved first. Carries what they changed so the view can show it; the
    caller keeps what this person typed."""

    def __init__(self, message: str, *, current: dict):
        super().__init__(message)
        self.current = current


class LockForm(forms.Form):
    """The edit counter the page was loaded with; a stale one means someone else saved."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def is_autosave(request: HttpRequest) -> bool:
    """The page's script saves in the background and wants JSON, not a page."""
    return request.headers.get("X-Autosave") == "1"


def posted_lock_version(request: HttpRequest) -> int | None:
    """The edit counter the page was loaded with, or None when it is missing or broken."""
    form = LockForm(request.POST)
    return form.cleaned_data["lock_version"] if form.is_valid() else None


def refuse(
    request: HttpRequest,
    message: str,
    page: Callable[..., HttpResponse],
    *,
    status: int = 400,
    stale: StaleEdit | None = None,
    autosave: bool = False,
) -> HttpResponse:
    """Say why nothing was saved: JSON for an autosave (when the view takes them), otherwise
    the message (if any) and `page(stale=..., status=...)`, which shows the form again (or
    redirects)."""
    if autosave and is_autosave(request):
        return JsonResponse({"saved": False, "error": message}, status=status)
    if message:
        messages.error(request, message)
    return page(stale=stale, status=status)


def save_or_refuse(
    request: HttpRequest,
    save: Callable[[], T],
    *,
    done: Callable[[T], HttpResponse],
    page: Callable[..., HttpResponse],
    forms: Iterable[Form] = (),
    invalid: str = "",
    autosave: bool = False,
) -> HttpResponse:
    """The POST skeleton of a saving view. `forms` are validated first (all of them, so each
    shows its errors): when one is invalid, `invalid` is the message and the page is shown
    with 400. Then the service `save()` runs: StaleEdit (someone saved in between) shows the
    page with 409 and what they saved, any other ServiceError with 400, each with its message.
    On success an autosave gets JSON with the new lock_version; otherwise `done(result)`
    answers, usually a redirect with a success message."""
    if not all([form.is_valid() for form in forms]):
        return refuse(request, invalid, page, autosave=autosave)
    try:
        result = save()
    except StaleEdit as exc:
        return refuse(request, str(exc), page, status=409, stale=exc, autosave=autosave)
    except ServiceError as exc:
        return refuse(request, str(exc), page, autosave=autosave)
    if autosave and is_autosave(request):
        return JsonResponse({"lock_version": result.lock_version, "saved": True})
    return done(result)
