"""The typed document (service.document.model) and the values it resolves once: the issue date
(service.document.dates), the number and "number/symbol" (numbers), the symbol (symbols) and the file name
(naming). Below the composer and the validator: it imports only service.rules. JSON becomes a Document through
service.parse.parse."""
from __future__ import annotations

from service.document.dates import IssueDate, parse_issue_date
from service.document.model import Address, CopyBlock, Document, Drafter, Issuer, Signer, freeze, thaw

__all__ = ["Address", "CopyBlock", "Document", "Drafter", "IssueDate", "Issuer", "Signer", "freeze",
           "parse_issue_date", "thaw"]
