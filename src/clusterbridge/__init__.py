"""clusterbridge: cross-border mentoring programmes between business clusters."""

import zoneinfo

__version__ = "0.1.0"

# Time-zone rules come from the pinned ``tzdata`` package, never from the machine's files: see
# docs/decisions/0003-pinned-tzdata.md. Done at package import, before any zone is loaded, so
# the web app, the commands and the pure algorithm modules all read the same rules.
zoneinfo.reset_tzpath(to=[])
zoneinfo.ZoneInfo.clear_cache()
