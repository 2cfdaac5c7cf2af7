"""The checker's result: one finding per deviation, with the rule, the element, what was found and what is required."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    rule: str  # e.g. "ND30-I.2.date" (section of nd30-layout.md, then the element)
    severity: str  # "error" | "warning"
    element: str  # where: "place_date", "body[12]", "header"
    found: str
    required: str
    message_vi: str
    message_en: str

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        return (f"[{self.severity}] {self.rule} {self.element}: {self.message_vi} / {self.message_en} "
                f"(thấy/found: {self.found!r}; cần/required: {self.required!r})")


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    elements: dict[str, str] = field(default_factory=dict)  # element → text found, for the report page

    def add(self, rule: str, element: str, found: object, required: object, vi: str, en: str,
            severity: str = ERROR) -> None:
        self.findings.append(Finding(rule, severity, element, _short(found), _short(required), vi, en))

    def warn(self, rule: str, element: str, found: object, required: object, vi: str, en: str) -> None:
        self.add(rule, element, found, required, vi, en, WARNING)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def rules(self) -> set[str]:
        """Rule ids of the errors (what tests and callers usually ask for)."""
        return {f.rule for f in self.errors}

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [f.as_dict() for f in self.findings],
            "elements": dict(self.elements),
        }


def _short(value: object, limit: int = 160) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
