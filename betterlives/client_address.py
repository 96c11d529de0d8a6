"""The address of the person making a request: the one answer used by rate limits, sign-in
lockouts and anything else that needs it.

Without CLIENT_ADDRESS_HEADER, the address is the connection's own (REMOTE_ADDR). Behind a
load balancer every connection comes from the balancer, so the settings name the header it
adds (usually HTTP_X_FORWARDED_FOR) and how to know the proxies we trust: their number
(TRUSTED_PROXY_COUNT) or their addresses (TRUSTED_PROXIES, one range, address or prefix per
proxy, the one nearest us last). django-ipware reads the chain.

Each proxy appends the address it received the request from, so the chain is read from the
right: the header's entries, then the connection's address, which is the nearest proxy. The
client is the entry just before the trusted proxies. Whatever a client writes itself lies
further left and is never chosen; and a request whose connection does not come from the
trusted proxies is answered with the connection's address, whatever its header says.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def client_address(request):
    """The client's address as text ("" when the request has none)."""
    peer = request.META.get("REMOTE_ADDR", "")
    header = settings.CLIENT_ADDRESS_HEADER
    count = settings.TRUSTED_PROXY_COUNT
    proxies = settings.TRUSTED_PROXIES
    if not header or header not in request.META or (count is None and not proxies):
        return peer
    if not _is_address(peer):
        return peer  # the nearest proxy must have an address of its own to be counted
    chain = HttpRequest()
    chain.META = {header: f"{request.META[header]}, {peer}"}
    address, _routable = get_client_ip(
        chain,
        proxy_count=count,
        proxy_trusted_ips=proxies or None,
        request_header_order=[header],
        strict=False,  # a client's own junk at the left end is skipped, not a reason to give up
    )
    return address or peer


def client_address_for_axes(request):
    """AXES_CLIENT_IP_CALLABLE: the same address, or None when there is none."""
    return client_address(request) or None


def _is_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
