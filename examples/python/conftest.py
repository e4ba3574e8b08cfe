"""Fixtures for testing an integration against wolfden (docs/testing.md).

WOLFDEN_URL and WOLFDEN_ADMIN_TOKEN say which server to use; the server must
run with that admin token so that its control plane is on.
"""
import os
import time
import uuid

import jwt
import pytest
import requests

WOLFDEN = os.environ.get("WOLFDEN_URL", "http://127.0.0.1:8080")
ADMIN = {"Authorization": "Bearer " + os.environ["WOLFDEN_ADMIN_TOKEN"]}


def control(method, path, **kwargs):
    """Calls the control plane (path under /control/v1); returns the JSON answer."""
    answer = requests.request(method, WOLFDEN + "/control/v1" + path, headers=ADMIN, timeout=30, **kwargs)
    answer.raise_for_status()
    return answer.json() if answer.content else None


def access_token(tenant):
    """Trades the tenant's credentials for an access token, as every client does."""
    now = int(time.time())
    claims = {"exp": now + 1800, "iat": now, "iss": "http://cylance.com", "sub": tenant["app_id"],
              "tid": tenant["tenant_id"], "jti": str(uuid.uuid4())}
    auth_token = jwt.encode(claims, tenant["app_secret"], algorithm="HS256")
    answer = requests.post(WOLFDEN + "/auth/v2/token", json={"auth_token": auth_token}, timeout=30)
    answer.raise_for_status()
    return answer.json()["access_token"]


def journal(tenant, **params):
    """The requests the tenant's clients sent since the fixture began, oldest first."""
    params.update(tenant_id=tenant["tenant_id"], after=tenant["mark"], order="oldest")
    return control("GET", "/journal", params=params)["entries"]


@pytest.fixture
def tenant():
    """A tenant of the test's own with 20 devices and 5 threats, deleted afterwards."""
    tenant = control("POST", "/tenants", json={"name": "test-" + uuid.uuid4().hex})
    control("POST", f"/tenants/{tenant['tenant_id']}/seed", json={"devices": 20, "threats": 5})
    tenant["mark"] = control("GET", "/journal", params={"limit": 1})["last_seq"]
    yield tenant
    control("DELETE", f"/tenants/{tenant['tenant_id']}")
