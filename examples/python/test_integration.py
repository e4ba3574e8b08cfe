"""An integration's tests against wolfden: the example of docs/testing.md, run
by wolfden's own test suite (examples/python/pytest_test.go).

The two functions below stand for the code under test. Their HTTP session
retries as the vendor's SDK (python-cyapi) configures its own: urllib3's Retry
with 250 tries, a back-off factor of 0.8, the statuses 500, 502, 503 and 504,
and Retry-After respected; and a GET answered 429 is sent again a second later.
"""
import time

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from conftest import WOLFDEN, access_token, control, journal


def session(token):
    s = requests.Session()
    retry = Retry(total=250, read=250, connect=250, backoff_factor=0.8,
                  status_forcelist=(500, 502, 503, 504), respect_retry_after_header=True)
    s.mount(WOLFDEN, HTTPAdapter(max_retries=retry))
    s.headers["Authorization"] = "Bearer " + token
    return s


def get(s, path):
    answer = s.get(WOLFDEN + path, timeout=30)
    while answer.status_code == 429:
        time.sleep(1)
        answer = s.get(WOLFDEN + path, timeout=30)
    answer.raise_for_status()
    return answer.json()


def sync_devices(token):
    """Every device of the tenant, a page at a time."""
    s, devices, page = session(token), [], 1
    while True:
        answer = get(s, f"/devices/v2?page={page}&page_size=8")
        devices += answer["page_items"]
        if page >= answer["total_pages"]:
            return devices
        page += 1


def quarantine_threats(token):
    """Quarantines every threat on every device it was found on."""
    s = session(token)
    for threat in get(s, "/threats/v2?page_size=200")["page_items"]:
        sha256 = threat["sha256"]
        for device in get(s, f"/threats/v2/{sha256}/devices?page_size=200")["page_items"]:
            answer = s.post(f"{WOLFDEN}/devices/v2/{device['id']}/threats",
                            json={"threat_id": sha256, "event": "Quarantine"}, timeout=30)
            answer.raise_for_status()


def test_playbook_quarantines_every_threat(tenant):
    quarantine_threats(access_token(tenant))

    sent = journal(tenant, method="POST", route="/devices/v2/{device}/threats")
    assert len(sent) > 0
    assert {e["request"]["body"]["json"]["event"] for e in sent} == {"Quarantine"}
    assert all(e["status"] == 200 for e in sent)


def test_device_sync_survives_a_503_burst(tenant):
    control("POST", "/faults", json={"tenant_id": tenant["tenant_id"], "method": "GET",
                                     "path": "/devices/v2", "status": 503, "times": 2})
    devices = sync_devices(access_token(tenant))
    assert len(devices) == 20

    # The SDK's retry loop, as the journal saw it: two 503s, then the pages.
    tries = journal(tenant, path="/devices/v2")
    assert [e["status"] for e in tries] == [503, 503, 200, 200, 200]


def test_threat_list_survives_a_429(tenant):
    control("POST", "/faults", json={"tenant_id": tenant["tenant_id"], "method": "GET",
                                     "path": "/threats/v2", "status": 429, "retry_after": 1, "times": 1})
    s = session(access_token(tenant))
    assert len(get(s, "/threats/v2")["page_items"]) == 5

    tries = journal(tenant, path="/threats/v2")
    assert [e["status"] for e in tries] == [429, 200]
    assert tries[0]["response"]["headers"]["Retry-After"] == ["1"]


def test_no_secret_reaches_the_journal(tenant):
    token = access_token(tenant)
    sync_devices(token)
    everything = str(control("GET", "/journal", params={"tenant_id": tenant["tenant_id"]}))
    assert token not in everything
    assert tenant["app_secret"] not in everything
