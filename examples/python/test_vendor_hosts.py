"""Clients that build the vendor's URL from a region name, as python-cyapi and
the SOAR connectors do, reach wolfden with two changes only: the CA
(REQUESTS_CA_BUNDLE, which wolfden's test run sets) and the name. A lab maps
the names with a hosts-file line or DNS (docs/tls.md); a test overrides the
resolver, as the fixture below does, and never touches the machine's hosts
file.
"""
import socket
import urllib.parse

import pytest
import requests

from conftest import WOLFDEN, access_token

# The API host of each of python-cyapi's regions; GOV in both spellings
# (the SDK builds protectapi-us, the vendor's pages say protectapi.us).
REGION_HOSTS = {
    "NA": "protectapi.cylance.com",
    "APN": "protectapi-apne1.cylance.com",
    "APS": "protectapi-au.cylance.com",
    "EU": "protectapi-euc1.cylance.com",
    "GOV": "protectapi-us.cylance.com",
    "GOV (vendor pages)": "protectapi.us.cylance.com",
    "SA": "protectapi-sae1.cylance.com",
}


@pytest.fixture
def vendor_names(monkeypatch):
    """Resolves every *.cylance.com name, on any port, to wolfden."""
    served = urllib.parse.urlsplit(WOLFDEN)
    if served.scheme != "https":
        pytest.skip("wolfden serves plain HTTP here; run it with a certificate (docs/tls.md)")
    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if isinstance(host, str) and host.endswith(".cylance.com"):
            return real(served.hostname, served.port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)


@pytest.mark.parametrize("region", REGION_HOSTS)
def test_region_url(tenant, vendor_names, region):
    token = access_token(tenant)
    answer = requests.get(f"https://{REGION_HOSTS[region]}/devices/v2",
                          headers={"Authorization": "Bearer " + token}, timeout=30)
    assert answer.status_code == 200
    assert answer.json()["total_number_of_items"] == 20


def test_python_cyapi_unchanged(tenant, vendor_names):
    """The vendor's SDK itself, where it is installed (not in CI)."""
    cyapi = pytest.importorskip("cyapi.cyapi")
    for region in ("NA", "EU", "GOV"):
        api = cyapi.CyAPI(tenant["tenant_id"], tenant["app_id"], tenant["app_secret"], region=region)
        api.create_conn()
        devices = api.get_devices()
        assert devices.is_success, devices.errors
        assert len(devices.data) == 20
