"""factory-boy factories. A child row always takes its parent's
organisation, so a test cannot mix tenants by accident."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from keyring_net.models import LocalAuthority, Organisation, Role, RoleAssignment, User
from members.models import Member
from networks.models import Cluster, Home, Network

TEST_PASSWORD = "a-long-test-password-1"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"Council {n}")
    code = factory.Sequence(lambda n: f"E0{n:07d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Cluster {n}")


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    cluster = factory.SubFactory(ClusterFactory)
    organisation = factory.SelfAttribute("cluster.organisation")
    name = factory.Sequence(lambda n: f"Network {n}")
    status = Network.Status.ACTIVE


class HomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Home

    network = factory.SubFactory(NetworkFactory)
    organisation = factory.SelfAttribute("network.organisation")
    address_line_1 = factory.Sequence(lambda n: f"{n + 1} Chapel Street")
    address_key = factory.LazyAttribute(lambda home: Home.address_key_for(home.address_line_1))
    town = "Manchester"
    postcode = "M19 3AB"
    tenure = Home.Tenure.COUNCIL


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    network = factory.SubFactory(NetworkFactory)
    organisation = factory.SelfAttribute("network.organisation")
    home = factory.SubFactory(
        HomeFactory,
        network=factory.SelfAttribute("..network"),
    )
    full_name = factory.Faker("name", locale="en_GB")
    status = Member.Status.ACTIVE


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.ORG_ADMIN
