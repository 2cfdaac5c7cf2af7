"""What the document form sends back, for comparing it with a fixture or a type's example."""
from __future__ import annotations


def without_nulls(value):
    """The form leaves an empty value out; the fixture may spell it null (or an empty list)."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value
