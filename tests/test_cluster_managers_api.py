"""The clusters API names each cluster's support managers now (read-only:
they are given and moved on the people pages and API), in a fixed number
of queries whatever the number of clusters."""

from __future__ import annotations

import pytest
from django.utils import timezone

from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from networks.models import Cluster
from tests.factories import ClusterFactory, RoleAssignmentFactory, UserFactory
from tests.helpers import assert_constant_queries, pinned

pytestmark = pytest.mark.django_db


def rows(body):
    return body["results"] if isinstance(body, dict) else body


def test_a_cluster_lists_its_support_managers_now_and_not_those_who_left(client, org_a):
    cluster = org_a.network.cluster
    with organisation_scope(org_a.organisation):
        left = RoleAssignmentFactory(
            organisation=org_a.organisation,
            user=UserFactory(full_name="Ann Left"),
            role=Role.SUPPORT_MANAGER,
            cluster=cluster,
        )
        left.ended_at = timezone.now()
        left.save()  # test data: a role that has ended
        second = UserFactory(full_name="Aaron Second")
        RoleAssignmentFactory(
            organisation=org_a.organisation, user=second, role=Role.SUPPORT_MANAGER, cluster=cluster
        )
        empty = ClusterFactory(organisation=org_a.organisation, name="Zz empty")
    client.force_login(org_a.admin)
    listed = {row["id"]: row for row in rows(client.get("/api/v1/clusters/").json())}
    assert listed[cluster.pk]["managers"] == sorted(
        [
            {"id": second.pk, "name": "Aaron Second"},
            {"id": org_a.manager.pk, "name": org_a.manager.full_name},
        ],
        key=lambda m: m["name"],
    )
    assert listed[empty.pk]["managers"] == []
    one = client.get(f"/api/v1/clusters/{cluster.pk}/").json()
    assert one["managers"] == listed[cluster.pk]["managers"]
    renamed = client.patch(
        f"/api/v1/clusters/{cluster.pk}/", {"name": "Renamed"}, content_type="application/json"
    )
    assert renamed.json()["managers"] == listed[cluster.pk]["managers"]


def test_managers_cannot_be_written_through_the_clusters_api(client, org_a, org_b):
    client.force_login(org_a.admin)
    cluster = org_a.network.cluster
    before = rows(client.get("/api/v1/clusters/").json())
    answer = client.patch(
        f"/api/v1/clusters/{cluster.pk}/",
        {"managers": [{"id": org_b.manager.pk, "name": "x"}]},
        content_type="application/json",
    )
    assert answer.status_code == 200
    assert answer.json()["managers"] == next(r for r in before if r["id"] == cluster.pk)["managers"]
    assert org_b.manager.pk not in {m["id"] for m in answer.json()["managers"]}


def test_the_clusters_api_list_runs_a_fixed_number_of_queries(client, org_a):
    client.force_login(org_a.admin)

    def make(n):
        with organisation_scope(org_a.organisation):
            have = Cluster.objects.count()
            for _ in range(max(0, n - have)):
                cluster = ClusterFactory(organisation=org_a.organisation)
                for _ in range(2):
                    RoleAssignmentFactory(
                        organisation=org_a.organisation,
                        user=UserFactory(),
                        role=Role.SUPPORT_MANAGER,
                        cluster=cluster,
                    )

    def fetch():
        answer = client.get("/api/v1/clusters/")
        assert answer.status_code == 200
        assert all(r["managers"] for r in rows(answer.json()))

    count = assert_constant_queries(make, fetch, sizes=(3, 300))
    assert count <= pinned(6)
