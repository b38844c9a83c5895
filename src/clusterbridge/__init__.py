"""clusterbridge: cross-border mentoring programmes between business clusters."""

__version__ = "0.1.0"
