"""Pages: Hub data and leaderboard rows in, every generated page, data file and nav entry out.

`build` is the one entry point; templates live in ``templates/``, escaping in
`hfguide.pages.escape`, the spec the page scripts read in `hfguide.pages.spec`.
"""

from hfguide.pages.assemble import PageCollision, Site, build

__all__ = ["PageCollision", "Site", "build"]
