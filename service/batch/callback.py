"""The POST a finished batch job sends to its caller's `callback_url`: who may be called, how it is signed, how it
is retried.

Who: only URLs on the configured allow-list (VANBAN_CALLBACK_ALLOW; empty = callbacks off). An entry is a URL
prefix (`https://eoffice.example.vn/hooks/` — same scheme, host and port, path starting with the entry's) or a host
(`eoffice.example.vn`; `.example.vn` for its subdomains). The host is resolved on every attempt and every address
must be public; loopback, private, link-local, multicast and reserved addresses are refused unless the entry names
that very address (`http://127.0.0.1:9000/`) or VANBAN_CALLBACK_ALLOW_PRIVATE is set. The connection goes to the
address that was checked (no second lookup to rebind), redirects are never followed, and no credentials may sit in
the URL — so the service cannot be pointed at an internal host.

Signing: `X-Vanban-Signature: sha256=<hex HMAC-SHA256(key, raw body)>` where the key is derived from the caller's
API token, `key = HMAC-SHA256(token, "vanban-callback-v1")` (hex). The client computes the same key from the
token it holds; the service never stores the token, only this key beside the job (mode 0600), and the key opens
nothing else. The body names the job and carries `sent_at` and a `delivery` id for replay checks.

Retries: up to `attempts` POSTs, waiting `backoff_s`, 2×, 4× … between them; any 2xx ends it; the outcome is
recorded and never changes the job's state.
"""
from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from service.messages import BilingualError

KEY_CONTEXT = b"vanban-callback-v1"
SIGNATURE_HEADER = "X-Vanban-Signature"
MAX_URL_LENGTH = 2000


class CallbackRefused(BilingualError, ValueError):
    """The URL may not be called; `vi` / `en` say why."""


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    attempts: int
    last_status: int | None
    last_error: str | None


def callback_key(token: str) -> str:
    """The signing key of callbacks for jobs started with `token` (hex); clients derive it the same way."""
    return hmac.new(token.encode("utf-8"), KEY_CONTEXT, hashlib.sha256).hexdigest()


def signature(key: str, body: bytes) -> str:
    return "sha256=" + hmac.new(key.encode("ascii"), body, hashlib.sha256).hexdigest()


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _port(parts) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


def _matching_entry(parts, allow: Sequence[str]) -> str | None:
    """The allow-list entry that admits the URL (its host, as written in the entry), or None."""
    host = (parts.hostname or "").lower()
    for entry in allow:
        if "://" in entry:
            e = urlsplit(entry)
            if (e.scheme.lower(), (e.hostname or "").lower(), _port(e)) == (parts.scheme, host, _port(parts)) \
                    and (parts.path or "/").startswith(e.path or "/"):
                return (e.hostname or "").lower()
        else:
            name = entry.lower().rstrip(".")
            if host == name or (name.startswith(".") and host.endswith(name)):
                return name
    return None


def check_url(url: str, allow: Sequence[str]) -> None:
    """CallbackRefused unless `url` is an http(s) URL on the allow-list (address checks happen at delivery)."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL_LENGTH:
        raise CallbackRefused(f"callback_url phải là một URL http(s) (tối đa {MAX_URL_LENGTH} ký tự)",
                              f"callback_url must be an http(s) URL (at most {MAX_URL_LENGTH} characters)")
    if not allow:
        raise CallbackRefused("Máy chủ này không bật gọi lại (callback_url): VANBAN_CALLBACK_ALLOW đang trống",
                              "callbacks are disabled on this server (VANBAN_CALLBACK_ALLOW is empty)")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 — raises ValueError for a malformed port
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname \
            or any(c.isspace() or ord(c) < 32 for c in url):
        raise CallbackRefused("callback_url phải là một URL http:// hoặc https:// hợp lệ",
                              "callback_url must be a valid http:// or https:// URL")
    if parts.username is not None or parts.password is not None:
        raise CallbackRefused("callback_url không được chứa tên đăng nhập hoặc mật khẩu",
                              "callback_url must not carry a user name or password")
    if _matching_entry(parts, allow) is None:
        raise CallbackRefused("callback_url không thuộc danh sách được phép (VANBAN_CALLBACK_ALLOW)",
                              "callback_url is not on the allow-list (VANBAN_CALLBACK_ALLOW)")


def _public(addr) -> bool:
    return not (addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_multicast
                or addr.is_reserved or addr.is_unspecified
                or (addr.version == 6 and addr.ipv4_mapped is not None and not _public(addr.ipv4_mapped)))


def resolve(url: str, allow: Sequence[str], allow_private: bool = False) -> str:
    """The address to connect to; CallbackRefused when the URL is off the list or resolves to an address that
    is not public and not explicitly allowed."""
    check_url(url, allow)
    parts = urlsplit(url)
    entry_host = _matching_entry(parts, allow) or ""
    try:
        infos = socket.getaddrinfo(parts.hostname, _port(parts), type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise CallbackRefused(f"Không phân giải được tên máy {parts.hostname}: {exc}",
                              f"cannot resolve {parts.hostname}: {exc}") from None
    addresses = [info[4][0] for info in infos]
    explicit = _ip(entry_host)
    for text in addresses:
        addr = _ip(text.split("%", 1)[0])
        if addr is None or not (_public(addr) or allow_private or addr == explicit):
            raise CallbackRefused(f"callback_url trỏ tới địa chỉ nội bộ {text}; không được phép",
                                  f"callback_url resolves to the non-public address {text}; refused")
    if not addresses:
        raise CallbackRefused(f"Không phân giải được tên máy {parts.hostname}", f"cannot resolve {parts.hostname}")
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    """HTTP to the checked address, with the URL's host in the Host header."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to the checked address; the certificate is verified against the URL's host name."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post_once(url: str, body: bytes, headers: dict[str, str], address: str, timeout: float) -> int:
    """One POST to `address` for `url`; the status (a redirect is an answer, not followed)."""
    parts = urlsplit(url)
    cls = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    conn = cls(parts.hostname, _port(parts), address, timeout)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request("POST", target, body=body, headers=headers)
        resp = conn.getresponse()
        resp.read(65536)  # a well-behaved receiver answers little; never read an unbounded body
        return resp.status
    finally:
        conn.close()


def deliver(url: str, body: bytes, key: str, *, allow: Sequence[str], allow_private: bool = False,
            attempts: int = 5, backoff_s: float = 2.0, timeout_s: float = 10.0, delivery_id: str = "",
            sleep: Callable[[float], None] = time.sleep) -> Outcome:
    """POST the signed body until a 2xx or `attempts` tries; waits backoff_s·2^n between tries."""
    headers = {"Content-Type": "application/json", "User-Agent": "vanban-callback/1",
               "X-Vanban-Event": "batch.finished", "X-Vanban-Delivery": delivery_id,
               SIGNATURE_HEADER: signature(key, body)}
    status: int | None = None
    error: str | None = None
    tried = 0
    for n in range(max(1, attempts)):
        if n:
            sleep(backoff_s * 2 ** (n - 1))
        tried += 1
        try:
            address = resolve(url, allow, allow_private)
            status, error = post_once(url, body, headers, address, timeout_s), None
        except CallbackRefused as exc:
            return Outcome(False, tried, None, exc.en)  # off the list now, or rebinding: no further tries
        except (OSError, http.client.HTTPException) as exc:
            status, error = None, f"{type(exc).__name__}: {exc}"
            continue
        if 200 <= status < 300:
            return Outcome(True, tried, status, None)
    return Outcome(False, tried, status, error)
