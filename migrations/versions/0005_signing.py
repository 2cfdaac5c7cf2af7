"""electronic issuance: signing keys of signers and agencies; register entries issued signed

ND30 Art. 5 and App. I Part II (nd30-layout.md §10): an electronic document carries the competent person's digital
signature and then the agency's. `signing_keys` says where each key lives (PKCS#12 file or PKCS#11 token — the
password or PIN only by reference: a secret file or an environment variable) and which image it shows;
`register_entries.electronic` marks a row whose stored file is the signed PDF, `signature_level` the PAdES level.

Revision ID: 0005_signing
Revises: 0004_agency
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0005_signing"
down_revision = "0004_agency"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signing_keys",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("owner_kind", sa.String(20), nullable=False),
        sa.Column("owner_id", sa.String(200), nullable=False),
        sa.Column("display_name", sa.String(400), nullable=True),
        sa.Column("key_kind", sa.String(20), nullable=False),
        sa.Column("p12_path", sa.String(1000), nullable=True),
        sa.Column("secret_file", sa.String(1000), nullable=True),
        sa.Column("secret_env", sa.String(200), nullable=True),
        sa.Column("pkcs11_module", sa.String(1000), nullable=True),
        sa.Column("token_label", sa.String(200), nullable=True),
        sa.Column("key_label", sa.String(200), nullable=True),
        sa.Column("cert_label", sa.String(200), nullable=True),
        sa.Column("image_path", sa.String(1000), nullable=True),
        sa.Column("image_width_mm", sa.Float, nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.UniqueConstraint("owner_kind", "owner_id", name="uq_signing_keys_owner"),
    )
    with op.batch_alter_table("register_entries") as batch:
        batch.add_column(sa.Column("electronic", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("signature_level", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("register_entries") as batch:
        batch.drop_column("signature_level")
        batch.drop_column("electronic")
    op.drop_table("signing_keys")
