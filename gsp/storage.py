"""Storage for private files (report CSV/XLSX): on disk like media, but with no URL at all, so no template or
serializer can ever link to one publicly; views that check who asks stream them instead."""

from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    def url(self, name):
        raise ValueError("Private files have no public URL: serve them through a view that checks who asks.")
