"""Where a webhook may be sent: an HTTPS URL without credentials, to a public address.

Plain HTTP, and private, loopback, link-local or otherwise non-public addresses, are refused unless the host is
listed in `settings.GSP_WEBHOOK_ALLOW_HTTP_HOSTS` (empty by default; tests list 127.0.0.1 and localhost), so that a
registered endpoint cannot make the server call into its own network (SSRF). The URL is checked when it is saved;
a host name is resolved again before each delivery and refused if any of its addresses is not public, so a name
pointed at an internal address later is caught too.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_URL_LENGTH = 500
#: names that always mean this machine or its network, whatever DNS says
LOCAL_SUFFIXES = ("localhost", ".localhost", ".local", ".internal", ".localdomain", ".home.arpa")


def allowed_hosts() -> set[str]:
    return {h.strip().lower() for h in settings.GSP_WEBHOOK_ALLOW_HTTP_HOSTS if h.strip()}


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _ip_literal(host: str):
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def check_url(url: str) -> None:
    """Raise ValidationError (with the reason) unless `url` is one a webhook may be sent to."""
    if len(url) > MAX_URL_LENGTH:
        raise ValidationError(_("Use a URL of at most %(max)s characters.") % {"max": MAX_URL_LENGTH}, code="long")
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 — raises ValueError on a port out of range
    except ValueError:
        raise ValidationError(_("This is not a valid URL."), code="invalid") from None
    if parts.scheme not in ("https", "http") or not host:
        raise ValidationError(_("Use an https:// URL."), code="scheme")
    if "@" in parts.netloc:
        raise ValidationError(
            _("Put no user name or password in the URL: verify the signature instead."), code="credentials"
        )
    if parts.fragment:
        raise ValidationError(_("A webhook URL has no #fragment."), code="fragment")
    if host in allowed_hosts():
        return
    if parts.scheme != "https":
        raise ValidationError(_("Use an https:// URL: plain http is not allowed."), code="scheme")
    ip = _ip_literal(host)
    if (ip is not None and not is_public(host)) or host.endswith(LOCAL_SUFFIXES):
        raise ValidationError(
            _("This address is private, loopback or link-local: webhooks go to public addresses only."),
            code="private",
        )


def check_resolved(host: str, port: int) -> str | None:
    """Before a delivery: the reason the host's addresses may not be called, or None when they all are public."""
    if host.lower() in allowed_hosts():
        return None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        return f"The host {host} could not be resolved: {error}"
    for info in infos:
        if not is_public(info[4][0]):
            return f"The host {host} resolves to a non-public address ({info[4][0]}): not sent."
    return None
