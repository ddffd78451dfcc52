"""Tenancy core models: organisations, people and their roles."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from keyring_net.tenancy import OrgOwnedModel


class Country(models.TextChoices):
    ENGLAND = "england", _("England")
    WALES = "wales", _("Wales")
    SCOTLAND = "scotland", _("Scotland")
    NORTHERN_IRELAND = "northern_ireland", _("Northern Ireland")


class Organisation(models.Model):
    """The tenant: a charity or housing provider that runs networks."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    country = models.CharField(max_length=20, choices=Country.choices, default=Country.ENGLAND)
    time_zone = models.CharField(max_length=60, default="Europe/London")
    # Counts from 1 up to this number are never shown to commissioners.
    small_count_threshold = models.PositiveSmallIntegerField(default=7)
    out_of_hours_phone = models.CharField(_("out-of-hours helpline"), max_length=30, blank=True)
    # Walking time = straight-line distance x detour factor / walking speed.
    walking_detour_factor = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.30"),
        help_text=_("How much longer real streets are than a straight line."),
    )
    walking_speed_kmh = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        default=Decimal("4.0"),
        help_text=_("An unhurried pace; slower than the usual 5 km/h on purpose."),
    )
    # The support manager's dashboard flags members not seen for this long.
    contact_gap_days = models.PositiveSmallIntegerField(default=14)
    settings = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    # Who changed its settings, and when (it is the tenant, not an
    # ``OrgOwnedModel``, so it keeps its own history).
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocalAuthority(models.Model):
    """A council that commissions networks. Shared reference data, not tenant-owned:
    one council may commission several organisations."""

    name = models.CharField(max_length=200, unique=True)
    # ONS GSS code, e.g. E08000003 for Manchester.
    code = models.CharField(max_length=9, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        if not email:
            raise ValueError("A person needs an e-mail address to sign in.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        """Platform staff, made on the server (``createsuperuser``). Their
        address counts as confirmed: they hold no role in any organisation,
        so KeyRing Net sends them no e-mail (``keyring_net.account_mail``)."""
        from allauth.account.models import EmailAddress

        from keyring_net.tenancy import people_identifiable

        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        user = self.create_user(email, password, **extra)
        with people_identifiable():
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Their e-mail address is their login.

    A person is not tenant-owned: they may hold roles in several
    organisations (``RoleAssignment``). ``is_staff`` means platform staff
    with Django admin access, never a role inside an organisation.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(max_length=200)
    preferred_name = models.CharField(
        max_length=100, blank=True, help_text=_("What they like to be called.")
    )
    phone = models.CharField(max_length=30, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.preferred_name or self.full_name.split(" ")[0] or self.email

    def get_full_name(self) -> str:
        return self.full_name


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("Organisation admin")
    SUPPORT_MANAGER = "support_manager", _("Support manager")
    CLV = "clv", _("Community Living Volunteer")
    COMMUNITY_ENABLER = "community_enabler", _("Community enabler")
    CONNECTIONS_VOLUNTEER = "connections_volunteer", _("Community connections volunteer")
    QUALITY_CHECKER = "quality_checker", _("Quality checker")
    MEMBER = "member", _("Member")
    COMMISSIONER = "commissioner", _("Commissioner")


# Which scope each role takes. Enforced by a database constraint below.
ROLE_SCOPE = {
    Role.ORG_ADMIN: "organisation",
    Role.SUPPORT_MANAGER: "cluster",
    Role.CLV: "network",
    Role.COMMUNITY_ENABLER: "network",
    Role.CONNECTIONS_VOLUNTEER: "network",
    Role.QUALITY_CHECKER: "organisation",
    Role.MEMBER: "self",
    Role.COMMISSIONER: "local_authority",
}


def _scope_rule(roles: list[str], *, cluster: bool, network: bool, la: bool) -> Q:
    return Q(
        role__in=roles,
        cluster__isnull=not cluster,
        network__isnull=not network,
        local_authority__isnull=not la,
    )


class RoleAssignment(OrgOwnedModel):
    """A person's role within one organisation, with its scope.

    Ending a role sets ``ended_at``; the row stays so history is kept.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(max_length=30, choices=Role.choices)
    cluster = models.ForeignKey(
        "networks.Cluster", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    network = models.ForeignKey(
        "networks.Network", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "user", "ended_at"])]
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_role",
                condition=(
                    _scope_rule(
                        [Role.ORG_ADMIN, Role.QUALITY_CHECKER, Role.MEMBER],
                        cluster=False,
                        network=False,
                        la=False,
                    )
                    | _scope_rule([Role.SUPPORT_MANAGER], cluster=True, network=False, la=False)
                    | _scope_rule(
                        [Role.CLV, Role.COMMUNITY_ENABLER, Role.CONNECTIONS_VOLUNTEER],
                        cluster=False,
                        network=True,
                        la=False,
                    )
                    | _scope_rule([Role.COMMISSIONER], cluster=False, network=False, la=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class Heartbeat(models.Model):
    """When a named piece of background work last ran. Not tenant data."""

    name = models.CharField(max_length=100, unique=True)
    last_seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.last_seen_at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A key a person gives another system to call the API as them.

    Only a SHA-256 hash of the key is kept, never the key: it is shown once,
    when it is made. ``prefix`` (the key's first characters, not secret
    enough to use on its own) finds the row; the hash is then compared in
    constant time. Global like ``User``: a key is a person's, not an
    organisation's. Revoking keeps the row, so the list still shows it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Written at most once an hour (keyring_net.api.tokens.LAST_USED_EVERY), not on
    # every call, and without a history row.
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["key_hash", "last_used_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
