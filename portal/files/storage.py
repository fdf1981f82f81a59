"""Where members' attachments live (claims, procedures): settings.PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, with no URL.

Only the views of the apps that own them serve them, after checking who asks. The location
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
        raise ValueError("Private attachments have no public URL; the views of the app that owns them serve them.")


def private_storage():
    return PrivateStorage()
