from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.models import (
    AuditEvent,
    Invitation,
    LoginPolicy,
    Notification,
    OutboxMail,
    RoleMembership,
    User,
)
from apps.accounts.outbox import outbox_retry
from apps.accounts.services import invitation_send, invitations_send, user_sync_admin_access


class RoleMembershipInline(admin.StackedInline):
    model = RoleMembership
    extra = 1
    fields = ["role"]


class UserCreationForm(forms.ModelForm):
    """A new person gets no password from the praktijkbureau: they choose it themselves through
    the invitation sent when they are saved (see `UserAdmin.save_related`)."""

    class Meta:
        model = User
        fields = ["email", "full_name"]

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class InvitationInline(admin.TabularInline):
    """The invitations sent to this person, read-only: a new one is sent with the action."""

    model = Invitation
    fk_name = "user"
    extra = 0
    fields = ["created_at", "created_by", "expires_at", "accepted_at", "superseded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    inlines = [RoleMembershipInline, InvitationInline]
    actions = ["resend_invitation"]
    list_display = ["full_name", "email", "roles", "is_active", "is_staff", "last_login"]
    list_filter = ["role_memberships__role", "is_active", "is_staff"]
    search_fields = ["full_name", "email"]
    ordering = ["full_name"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "phone", "password"]}),
        (_("Rechten"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Data"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name"]}),
    ]
    # Plain, labelled widgets (axe-core): no filter_horizontal for groups, and the two dates,
    # which the praktijkbureau never sets, read-only instead of split date/time inputs.
    filter_horizontal = []
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("role_memberships")

    @admin.display(description=_("rollen"))
    def roles(self, obj: User) -> str:
        return ", ".join(m.get_role_display() for m in obj.role_memberships.all())

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        user_sync_admin_access(user=form.instance)
        if not change:
            invitation_send(
                by=request.user, user=form.instance, base_url=request.build_absolute_uri("/")
            )
            self.message_user(
                request,
                _("%(name)s krijgt een uitnodiging per e-mail om een wachtwoord te kiezen.")
                % {"name": form.instance},
                messages.SUCCESS,
            )

    @admin.action(description=_("Uitnodiging opnieuw versturen"))
    def resend_invitation(self, request, queryset) -> None:
        """A new invitation link (on this admin's address) for each selected person who
        cannot log in yet; whoever already has a password is skipped."""
        people = list(queryset)
        sent = invitations_send(
            by=request.user, users=people, base_url=request.build_absolute_uri("/")
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d uitnodiging verstuurd.",
                "%(count)d uitnodigingen verstuurd.",
                len(sent),
            )
            % {"count": len(sent)},
            messages.SUCCESS,
        )
        if skipped := len(people) - len(sent):
            self.message_user(
                request,
                ngettext(
                    "%(count)d persoon kan al inloggen of is niet actief en kreeg geen "
                    "uitnodiging.",
                    "%(count)d mensen kunnen al inloggen of zijn niet actief en kregen geen "
                    "uitnodiging.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


@admin.register(RoleMembership)
class RoleMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__full_name", "user__email"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        user_sync_admin_access(user=obj.user)

    def delete_model(self, request, obj) -> None:
        user = obj.user
        super().delete_model(request, obj)
        user_sync_admin_access(user=user)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Append-only: admins search the log but nobody adds, changes or deletes a line here."""

    list_display = ["at", "actor", "action", "target_type", "target_id", "ip_address"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor__full_name", "actor__email", "action", "target_id"]
    date_hierarchy = "at"
    list_select_related = ["actor"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "message", "created_at", "read_at"]
    search_fields = ["recipient__full_name", "message"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are made by `invitations_send` (the action on people, the
    praktijkbureau's page, the import), never typed in; the token itself is never stored."""

    list_display = [
        "user",
        "created_at",
        "expires_at",
        "accepted_at",
        "superseded_at",
        "created_by",
    ]
    list_filter = ["accepted_at", "superseded_at"]
    search_fields = ["user__full_name", "user__email"]
    date_hierarchy = "created_at"
    list_select_related = ["user", "created_by"]
    readonly_fields = list_display

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LoginPolicy)
class LoginPolicyAdmin(admin.ModelAdmin):
    """Read-only: the praktijkbureau sets it on its own page (/accounts/inlogbeleid/), where
    the change is audited."""

    list_display = ["institute_passwords_off", "changed_at", "changed_by"]
    readonly_fields = list_display

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):
    """The outgoing mail, read-only: filter on status to find what failed, and try it again
    with the action. A sent mail keeps only its envelope; an invitation's or a password reset's
    text is written when it leaves, so no link is ever shown here."""

    list_display = [
        "created_at",
        "to_email",
        "subject",
        "kind",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["to_email", "subject", "recipient__full_name"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    fields = [*list_display, "recipient", "last_error", "body"]
    readonly_fields = fields
    raw_id_fields = ["recipient"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_retry_permission(self, request) -> bool:
        return request.user.has_perm("accounts.view_outboxmail")

    @admin.action(description=_("Opnieuw proberen te versturen"), permissions=["retry"])
    def retry(self, request, queryset) -> None:
        """Failed (or dropped) mails get a fresh series of attempts, starting now."""
        selected = queryset.count()
        count = outbox_retry(by=request.user, mails=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail wordt opnieuw verstuurd.",
                "%(count)d e-mails worden opnieuw verstuurd.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
        if skipped := selected - count:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail was niet mislukt en is overgeslagen.",
                    "%(count)d e-mails waren niet mislukt en zijn overgeslagen.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
