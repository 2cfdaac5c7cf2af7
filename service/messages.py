"""One bilingual message type: every refusal the service gives says it in Vietnamese and in English.

A `Message` is the pair; a `BilingualError` is an exception that carries one (`exc.message`, `exc.vi`, `exc.en`), so
the problem+json mapper, the form pages and the CLI read the two languages as fields instead of splitting a joined
string. `str()` of either is still "vi / en", the form the CLI prints and the logs show.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """The same sentence in Vietnamese (`vi`, shown first everywhere) and English (`en`)."""

    vi: str
    en: str

    def __str__(self) -> str:
        return f"{self.vi} / {self.en}"

    def __contains__(self, text: str) -> bool:
        """`text in message`: the text appears in either language."""
        return text in self.vi or text in self.en

    def wrap(self, vi: str, en: str) -> Message:
        """This message placed in a sentence of each language: `{}` in `vi` / `en` stands for it."""
        return Message(vi.replace("{}", self.vi), en.replace("{}", self.en))

    @classmethod
    def join(cls, messages: list[Message], sep: str = "; ") -> Message:
        """Several messages as one, each language joined on its own."""
        return cls(sep.join(m.vi for m in messages), sep.join(m.en for m in messages))


class BilingualError(Exception):
    """An exception whose text is a Message; `str(exc)` is "vi / en"."""

    def __init__(self, vi: str | Message, en: str | None = None) -> None:
        if isinstance(vi, Message):
            message = vi
        elif en is None:
            raise TypeError("a bilingual error needs the English text too")
        else:
            message = Message(vi, en)
        self.message = message
        super().__init__(str(message))

    @property
    def vi(self) -> str:
        return self.message.vi

    @property
    def en(self) -> str:
        return self.message.en


class InvalidValue(BilingualError, ValueError):
    """A value that cannot be used (an impossible date, a malformed field path, a year to roll forward to)."""
