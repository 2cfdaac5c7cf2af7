"""Content-addressed file store: issued documents kept by the sha256 of their exact bytes."""
from service.store.files import digest_of, iter_digests, path_for, put, read, remove

__all__ = ["digest_of", "iter_digests", "path_for", "put", "read", "remove"]
