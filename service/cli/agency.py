"""`vanban agency …`: add, update, list, show, export and import agency profiles (JSON, for moving between
instances), and the report of the names migration 0004_agency mapped to agencies."""
from __future__ import annotations

import json

import click

from service.register import agencies as store
from service.register.agency_report import migration_report
from service.agency.sources import load_profiles
from service.input.load import load_document
from service.cli.context import cli_actor, open_register
from service.cli.errors import refusals
from service.cli.register import db_url_option
from service.register.errors import Conflict


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


@click.group("agency")
def agency_group() -> None:
    """Hồ sơ cơ quan: tiêu đề, người ký, nơi nhận, đơn vị / agency profiles."""


@agency_group.command("add")
@click.option("--from", "source", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Profile JSON (one profile).")
@db_url_option
@refusals()
def add_cmd(source: str, database_url: str | None) -> None:
    """Add an agency profile from a JSON file."""
    profile = store.add_agency(open_register(database_url), load_document(source), actor=cli_actor())
    click.echo(f"agency {profile['code']}: {profile['name']}")


@agency_group.command("update")
@click.argument("code")
@click.option("--from", "source", required=True, type=click.Path(exists=True, dir_okay=False))
@db_url_option
@refusals()
def update_cmd(code: str, source: str, database_url: str | None) -> None:
    """Replace the profile of CODE (the code itself never changes)."""
    profile = store.update_agency(open_register(database_url), code, load_document(source), actor=cli_actor())
    click.echo(f"agency {profile['code']}: {profile['name']}")


@agency_group.command("list")
@db_url_option
@refusals()
def list_cmd(database_url: str | None) -> None:
    """The agencies: code, abbreviation, parent - name, signers, registers."""
    engine = open_register(database_url)
    for row in store.list_agencies(engine):
        regs = ", ".join(r.code for r in store.agency_registers(engine, row.id)) or "-"
        parent = f"{row.parent} - " if row.parent else ""
        click.echo(f"{row.code}\t{row.abbr}\t{parent}{row.name}\tngười ký / signers: {len(row.signers or [])}"
                   f"\tsổ / registers: {regs}")


@agency_group.command("show")
@click.argument("code")
@db_url_option
@refusals()
def show_cmd(code: str, database_url: str | None) -> None:
    """The profile of CODE as JSON."""
    profile = store.get_profile(open_register(database_url), code)
    if profile is None:
        from service.register.errors import NotFound

        raise NotFound(f"Không có cơ quan mã {code}", f"no agency {code}", field="code")
    click.echo(_dump(profile))


@agency_group.command("export")
@click.argument("codes", nargs=-1)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="File (default stdout).")
@db_url_option
@refusals()
def export_cmd(codes: tuple[str, ...], output: str | None, database_url: str | None) -> None:
    """Export profiles (all, or CODES) as {"agencies": [...]} for `vanban agency import` on another instance."""
    engine = open_register(database_url)
    ids = store.ids_for_codes(engine, codes) if codes else None
    text = _dump({"agencies": list(store.profiles_by_id(engine, ids).values())}) + "\n"
    if output:
        from service.store.output import write_output

        write_output(text.encode("utf-8"), output)
    else:
        click.echo(text, nl=False)


@agency_group.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--replace", is_flag=True, help="Replace profiles whose code already exists (default: refuse).")
@db_url_option
@refusals()
def import_cmd(source: str, replace: bool, database_url: str | None) -> None:
    """Import profiles exported by `vanban agency export` (every profile is checked before any is stored)."""
    engine = open_register(database_url)
    profiles = load_profiles(source)
    for profile in profiles:
        if store.get_agency(engine, profile["code"]) is not None and not replace:
            raise Conflict(f"Mã cơ quan {profile['code']} đã có (dùng --replace để thay)",
                           f"agency {profile['code']} already exists (use --replace)", field="code")
    for profile in profiles:
        exists = store.get_agency(engine, profile["code"]) is not None
        (store.update_agency(engine, profile["code"], profile, actor=cli_actor()) if exists
         else store.add_agency(engine, profile, actor=cli_actor()))
        click.echo(f"{'updated' if exists else 'added'} {profile['code']}")


@agency_group.command("migrate-report")
@db_url_option
@refusals()
def migrate_report_cmd(database_url: str | None) -> None:
    """Which agency each issuer name in use became when registers moved to agencies (migration 0004_agency)."""
    lines = list(migration_report(open_register(database_url)))
    click.echo("\n".join(lines) if lines else "no registers were migrated / không có sổ nào được chuyển")



