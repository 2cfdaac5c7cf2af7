"""The importer's one error: the input cannot be read as the given kind."""


class UnreadableInput(ValueError):
    """The input cannot be read as the given kind (message in Vietnamese / English)."""
