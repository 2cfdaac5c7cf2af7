"""staff accounts get a session epoch: logging out raises it, so every session cookie issued before stops working
at once (the cookie is signed, not stored: the epoch is what the server can revoke)

Revision ID: 0003_session_epoch
Revises: 0002_register_kind
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_session_epoch"
down_revision = "0002_register_kind"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("session_epoch", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_epoch")
