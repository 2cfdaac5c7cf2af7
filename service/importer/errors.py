"""The importer's one error: the input cannot be read as the given kind."""
from service.messages import BilingualError


class UnreadableInput(BilingualError, ValueError):
    """The input cannot be read as the given kind (message in Vietnamese and English)."""
