"""A widget that follows the region picker: setting its ``region`` shows the same view for another region."""

from __future__ import annotations

from backlearn.content import Content
from backlearn.engine.promises import load_content

__all__ = ["FollowsRegion"]


class FollowsRegion:
    """Mixed into a view that shows ``self.content``: the region picker sets ``region``, which reloads
    the content filled in for that region, then calls the view's ``_region_changed`` to show it."""

    content: Content

    @property
    def region(self) -> str | None:
        """The id of the region whose numbers, services and words the view shows."""
        return self.content.region.id if self.content.region else None

    @region.setter
    def region(self, region_id: str) -> None:
        self.content = load_content(self.content.path, region=region_id)
        self._region_changed()

    def _region_changed(self) -> None:
        """Show ``self.content``, just loaded for the new region (each view says how)."""
        raise NotImplementedError(f"{type(self).__name__} follows the region but does not say how to show it")
