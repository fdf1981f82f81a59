"""Where claim attachments live: settings.PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, with no URL.

Only portal.claims views serve them, after checking who asks. The location
is read from the settings at each use (not frozen at import) so that a
deployment or a test can move it.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Claim attachments have no public URL; they are served by portal.claims.views.")


def private_storage():
    return PrivateStorage()
