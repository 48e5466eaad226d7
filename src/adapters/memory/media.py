"""Files patients send, where there is no Graph API to fetch them from (the demo, the terminal chat)."""

from __future__ import annotations

from application.messages import Media
from application.ports import MediaFile, MediaUnavailable
from domain.clinic import Clinic


class NoMediaFiles:
    """Implements ``MediaFiles`` by having none: files are fetched from the Graph API."""

    async def fetch(self, clinic: Clinic, media: Media) -> MediaFile:
        raise MediaUnavailable("files are fetched from the Graph API: set META_ACCESS_TOKEN")
