"""registers get a kind: the outgoing-document register or the copies register (Sổ bản sao)

ND30 App. I (thể thức bản sao; nd30-layout.md §6) and App. III samples 3.1, 3.2: copies (SAO Y, SAO LỤC,
TRÍCH SAO) carry their own number, one sequence for every kind of copy an agency makes, from 01 each year,
apart from its outgoing documents.

Revision ID: 0002_register_kind
Revises: 0001_register
Create Date: 2024-06-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0002_register_kind"
down_revision = "0001_register"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registers") as batch:
        batch.add_column(sa.Column("kind", sa.String(20), nullable=False, server_default="outgoing"))


def downgrade() -> None:
    with op.batch_alter_table("registers") as batch:
        batch.drop_column("kind")
