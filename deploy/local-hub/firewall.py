"""Only the hub's port reachable from the network while the hub is open to the room (review H1).

Browsers send a host's cookies to every port of that host (RFC 6265 section 8.5), and a plain-HTTP
hub cannot scope them: JupyterHub's own answer (``c.JupyterHub.subdomain_host`` with
``cookie_host_prefix_enabled``) needs a wildcard domain name and HTTPS, which a hub on one machine
in a classroom does not have. So when ``make hub`` listens beyond loopback (``BACKLEARN_HUB_IP``),
a learner's kernel must not be able to serve a web page to a classmate's browser on another port
of the hub's address: the classmate's hub cookie would go with the request.

This module writes an nftables table (``inet backlearn_hub_<tag>``, one per runtime folder) that
rejects new TCP connections from the network to every unprivileged port (the ones a learner's
process can listen on: ``net.ipv4.ip_unprivileged_port_start`` and up) except the hub's own port.
Loopback, replies to the machine's own connections, and privileged ports (ssh, for instance, which
only root can open) are left alone. ``LocalHub`` writes it before the hub starts and removes it
when the hub stops.
"""

from __future__ import annotations

import ipaddress
import shutil
import subprocess
from pathlib import Path

__all__ = ["FirewallError", "available", "install", "remove", "rules", "table_name"]


class FirewallError(RuntimeError):
    """nftables is missing or refused the rules."""


def table_name(tag: str) -> str:
    return f"backlearn_hub_{tag}"


def unprivileged_start() -> int:
    """The first port an ordinary user (a learner) may listen on (1024 unless the machine lowered it)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_unprivileged_port_start").read_text().strip())
    except (OSError, ValueError):
        return 1024


def _hub_match(ip: str) -> str:
    """Which packets are the hub's: the address it listens on, so that a learner cannot listen on the
    same port of another address (or of IPv6 when the hub has only IPv4) and be let through."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""  # a host name: any address
    if address.is_unspecified:
        return "meta nfproto ipv4 " if address.version == 4 else ""  # "::" takes IPv4 too
    return f"ip daddr {address} " if address.version == 4 else f"ip6 daddr {address} "


def rules(tag: str, hub_port: int, first_port: int | None = None, ip: str = "0.0.0.0") -> str:
    """The nftables script: replace this hub's table with one that admits only the hub's port."""
    first = unprivileged_start() if first_port is None else first_port
    name = table_name(tag)
    ports = f"{first}-65535" if first < 65535 else "65535"
    return "\n".join([
        f"table inet {name} {{}}",  # so the delete below never fails
        f"delete table inet {name}",
        f"table inet {name} {{",
        "  chain input {",
        "    type filter hook input priority -10; policy accept;",
        '    iif "lo" accept',
        "    ct state established,related accept",
        f"    {_hub_match(ip)}tcp dport {hub_port} accept",
        f"    tcp dport {ports} reject with tcp reset",
        "  }",
        "}",
        "",
    ])


def nft_command(install_missing: bool = True) -> str | None:
    """The ``nft`` executable; installed with apt-get when missing and allowed (Debian's ``nftables``)."""
    found = shutil.which("nft") or next((p for p in ("/usr/sbin/nft", "/sbin/nft") if Path(p).exists()), None)
    if found or not install_missing or not shutil.which("apt-get"):
        return found
    subprocess.run(
        ["apt-get", "install", "-y", "-q", "nftables"],
        capture_output=True, text=True, check=False, timeout=600,
        env={"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
    )
    return shutil.which("nft") or next((p for p in ("/usr/sbin/nft", "/sbin/nft") if Path(p).exists()), None)


def available() -> str | None:
    """Why the firewall cannot be written here (None when it can)."""
    nft = nft_command()
    if nft is None:
        return "nftables (nft) is not installed and could not be installed (apt-get install nftables)"
    done = subprocess.run([nft, "list", "tables"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return f"nft cannot reach the kernel's nf_tables: {done.stderr.strip()[-200:]}"
    return None


def install(tag: str, hub_port: int, ip: str = "0.0.0.0") -> None:
    """Write (or replace) this hub's table; FirewallError when nftables is missing or refuses."""
    problem = available()
    if problem:
        raise FirewallError(problem)
    nft = nft_command(install_missing=False)
    assert nft is not None
    script = rules(tag, hub_port, ip=ip)
    done = subprocess.run([nft, "-f", "-"], input=script, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise FirewallError(f"nft refused the hub's rules: {done.stderr.strip()[-300:]}")


def remove(tag: str) -> None:
    """Delete this hub's table (nothing happens when it is not there)."""
    nft = nft_command(install_missing=False)
    if nft is None:
        return
    name = table_name(tag)
    subprocess.run([nft, "-f", "-"], input=f"table inet {name} {{}}\ndelete table inet {name}\n",
                   capture_output=True, text=True, check=False)


def present(tag: str) -> bool:
    nft = nft_command(install_missing=False)
    if nft is None:
        return False
    done = subprocess.run([nft, "list", "table", "inet", table_name(tag)], capture_output=True, check=False)
    return done.returncode == 0
