"""Messages that name a member stay on the server, never in a cookie."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_message_naming_a_member_never_travels_in_a_cookie(client, org_a):
    client.force_login(org_a.manager)
    name = str(org_a.member)
    responses = [
        client.post(
            f"/members/{org_a.member.pk}/journey/",
            {"to_status": "moved_on", "on": "2025-09-01", "reason": "Got a job"},
        )
    ]
    assert responses[0].status_code == 302
    responses.append(client.get(responses[0]["Location"]))
    assert f"{name} is now moved on." in responses[1].content.decode()
    responses.append(client.get("/members/"))  # the message, shown once, is gone
    assert f"{name} is now" not in responses[2].content.decode()
    for response in responses:
        assert "messages" not in response.cookies
    assert "messages" not in client.cookies
