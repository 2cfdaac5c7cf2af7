"""Test PKI and images for the signing tests and the bench: a CA, end-entity keys (PKCS#12), a TSA
certificate, a blue signature PNG and a red seal PNG — all made on the spot, never a real key."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass
class Issued:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


def _name(cn: str, org: str = "vanban test") -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_ca(cn: str = "vanban Test Root CA") -> Issued:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(_name(cn)).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return Issued(key, cert)


def issue_cert(ca: Issued, cn: str, *, tsa: bool = False, org: str = "vanban test") -> Issued:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(_name(cn, org)).issuer_name(ca.cert.subject)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=730))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=not tsa,
                                            key_encipherment=False, data_encipherment=False, key_agreement=False,
                                            key_cert_sign=False, crl_sign=False, encipher_only=False,
                                            decipher_only=False), critical=True)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()),
                              critical=False))
    if tsa:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    return Issued(key, builder.sign(ca.key, hashes.SHA256()))


def write_p12(path: Path, who: Issued, ca: Issued, password: bytes) -> Path:
    data = pkcs12.serialize_key_and_certificates(
        b"key", who.key, who.cert, [ca.cert], serialization.BestAvailableEncryption(password))
    path.write_bytes(data)
    return path


def signature_png(path: Path, size: tuple[int, int] = (360, 150)) -> Path:
    """A blue handwritten-looking stroke on a transparent background."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    w, h = size
    points = [(int(w * (0.05 + 0.9 * i / 40)), int(h * (0.5 + 0.35 * ((-1) ** i) * (i % 7) / 7))) for i in range(41)]
    draw.line(points, fill=(20, 40, 200, 255), width=max(3, h // 25))
    img.save(path)
    return path


def seal_png(path: Path, pixels: int = 425, dpi: int = 300) -> Path:
    """A red round seal (36 mm at 300 dpi) on a transparent background, with its resolution recorded."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (pixels, pixels), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.ellipse((4, 4, pixels - 5, pixels - 5), outline=(220, 20, 30, 255), width=pixels // 30)
    draw.ellipse((pixels // 6, pixels // 6, pixels * 5 // 6, pixels * 5 // 6), outline=(220, 20, 30, 255),
                 width=pixels // 60)
    draw.regular_polygon((pixels // 2, pixels // 2, pixels // 8), 5, fill=(220, 20, 30, 255))
    img.save(path, dpi=(dpi, dpi))
    return path


@dataclass
class Pki:
    """A test CA, the signer's and the agency's PKCS#12 keys (password in a secret file), images, trust dir."""

    folder: Path
    ca: Issued
    signer: Issued
    agency: Issued
    signer_p12: Path
    agency_p12: Path
    password_file: Path
    signature_png: Path
    seal_png: Path
    trust_dir: Path


def make_pki(folder: Path) -> Pki:
    folder.mkdir(parents=True, exist_ok=True)
    ca = make_ca()
    signer = issue_cert(ca, "Trương Đức Huấn")
    agency = issue_cert(ca, "Sở Lao động - Thương binh và Xã hội Bắc Giang")
    password_file = folder / "password.txt"
    password_file.write_bytes(b"test-password\n")
    trust = folder / "trust"
    trust.mkdir(exist_ok=True)
    (trust / "root.pem").write_bytes(ca.pem())
    return Pki(folder, ca, signer, agency,
               write_p12(folder / "signer.p12", signer, ca, b"test-password"),
               write_p12(folder / "agency.p12", agency, ca, b"test-password"),
               password_file, signature_png(folder / "chu-ky.png"), seal_png(folder / "con-dau.png"), trust)


def key_specs(pki: Pki):  # type: ignore[no-untyped-def]
    """(signer spec, agency spec) for service.sign, PKCS#12 with the password from the secret file."""
    from service.sign.keys import KeySpec

    signer = KeySpec("pkcs12", p12_path=str(pki.signer_p12), secret_file=str(pki.password_file),
                     image_path=str(pki.signature_png))
    agency = KeySpec("pkcs12", p12_path=str(pki.agency_p12), secret_file=str(pki.password_file),
                     image_path=str(pki.seal_png), display_name="Sở Lao động - Thương binh và Xã hội")
    return signer, agency


def colour_box(png: Path, colour: str) -> tuple[int, int, int, int] | None:
    """Bounding box (x0, y0, x1, y1; pixels, origin top left) of the clearly blue or clearly red pixels."""
    from PIL import Image

    img = Image.open(png).convert("RGB")
    w, h = img.size
    px = img.load()
    xs, ys = [], []
    for y in range(h):
        for x in range(w):
            r, g, b = px[x, y]
            if colour == "blue" and b > 120 and b > r + 60 and b > g + 40:
                xs.append(x)
                ys.append(y)
            elif colour == "red" and r > 150 and r > g + 80 and r > b + 80:
                xs.append(x)
                ys.append(y)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def serve_tsa(ca: Issued):  # type: ignore[no-untyped-def]
    """An RFC 3161 timestamp authority on loopback (pyHanko's DummyTimeStamper answering HTTP POSTs); returns
    (url, server). Stop it with server.shutdown()."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from asn1crypto import keys as akeys, tsp, x509 as ax509
    from cryptography.hazmat.primitives import serialization as ser
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    tsa = issue_cert(ca, "vanban Test TSA", tsa=True)
    stamper = DummyTimeStamper(
        tsa_cert=ax509.Certificate.load(tsa.cert.public_bytes(ser.Encoding.DER)),
        tsa_key=akeys.PrivateKeyInfo.load(tsa.key.private_bytes(ser.Encoding.DER, ser.PrivateFormat.PKCS8,
                                                                ser.NoEncryption())),
        certs_to_embed=[ax509.Certificate.load(ca.cert.public_bytes(ser.Encoding.DER))])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            req = tsp.TimeStampReq.load(self.rfile.read(length))
            body = stamper.request_tsa_response(req).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/tsa", server


def softhsm_token(folder: Path, who: Issued, *, label: str = "vanban", key_label: str = "signer",
                  pin: str = "1234") -> tuple[str, dict[str, str]]:
    """A SoftHSM2 token initialised in `folder` holding `who`'s key and certificate.
    Returns (module path, environment with SOFTHSM2_CONF)."""
    import os
    import subprocess

    from cryptography.hazmat.primitives import serialization as ser

    module = "/usr/lib/softhsm/libsofthsm2.so"
    tokens = folder / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", "87654321"],
                   check=True, env=env, capture_output=True, timeout=60)
    key_pem = folder / f"{key_label}.pem"
    key_pem.write_bytes(who.key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption()))
    subprocess.run(["softhsm2-util", "--import", str(key_pem), "--token", label, "--label", key_label, "--id", "01",
                    "--pin", pin], check=True, env=env, capture_output=True, timeout=60)
    key_pem.unlink()
    return module, {"SOFTHSM2_CONF": str(conf)}


def store_certificate(module: str, token_label: str, pin: str, label: str, who: Issued) -> None:
    """Put the certificate on the token beside its key (softhsm2-util imports keys only)."""
    import pkcs11
    from cryptography.hazmat.primitives import serialization as ser
    from pkcs11 import Attribute, CertificateType, ObjectClass

    lib = pkcs11.lib(module)
    token = lib.get_token(token_label=token_label)
    with token.open(rw=True, user_pin=pin) as session:
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True, Attribute.LABEL: label, Attribute.ID: b"\x01",
            Attribute.VALUE: who.cert.public_bytes(ser.Encoding.DER),
            Attribute.SUBJECT: who.cert.subject.public_bytes(),
        })


# --- pytest fixtures shared by the signing tests (import them by name into a test module) -------------------------
import pytest  # noqa: E402


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def seed_pdf(plan_docx) -> bytes:
    """The seed plan rendered to PDF through the warm LibreOffice pool."""
    from service.convert import to_pdf

    return to_pdf(plan_docx)


@pytest.fixture(scope="module")
def where(plan_doc):  # type: ignore[no-untyped-def]
    """Where the seed plan's signature block is, from its data."""
    from service.sign import locate, roles

    return roles.Where(*locate.expected_lines(plan_doc))
