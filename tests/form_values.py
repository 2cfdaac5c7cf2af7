"""What the document form sends back, for comparing it with a fixture or a type's example."""
from __future__ import annotations


def without_nulls(value):
    """The form leaves an empty value out; the fixture may spell it null (or an empty list)."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def profile_edit_form(page: bytes) -> dict[str, str]:
    """The agency page's edit form as a browser would send it back untouched: every input, textarea and select."""
    from lxml import html as lxml_html

    edit = lxml_html.fromstring(page).xpath('//form[.//button[text()="Lưu hồ sơ"]]')[0]
    form = {i.get("name"): i.get("value") or "" for i in edit.xpath('.//input[@name]')}
    form.update({t.get("name"): t.text or "" for t in edit.xpath('.//textarea[@name]')})
    form.update({s.get("name"): "".join(s.xpath('./option[@selected]/@value')) for s in edit.xpath('.//select')})
    return form


def field_error(page: bytes, name: str) -> str | None:
    """The error shown next to the form field `name` (marked aria-invalid and described by it), None without one."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(page)
    field = tree.xpath(f'//*[@name="{name}"][@aria-invalid="true"]')
    return tree.xpath(f'string(//*[@id="{field[0].get("aria-describedby")}"])') if field else None
