"""Writing checked files next to the rows that refer to them, without leaving orphans.

Files are written to disk inside the caller's transaction; if that transaction fails, the
files written so far are deleted, so a failed submission leaves neither a row nor a file.
"""

import contextlib

from django.core.files.base import ContentFile


class WrittenFiles:
    """Delete the files written so far if the transaction that refers to them fails."""

    def __init__(self):
        self.names = []

    def save(self, field_file, checked):
        """Write ``checked`` (an ``uploads.CheckedFile``) into ``field_file`` under a random name."""
        field_file.save(f"upload.{checked.extension}", ContentFile(checked.data), save=False)
        self.names.append((field_file.storage, field_file.name))

    @contextlib.contextmanager
    def removed_on_error(self):
        try:
            yield self
        except BaseException:
            for storage, name in self.names:
                with contextlib.suppress(OSError):
                    storage.delete(name)
            raise
