"""The live vote fixtures, for the other test_live_vote_* modules to take with
`from .test_live_vote_fixtures import *` (pytest finds fixtures by name in a test module).
No tests here."""

from .test_live_votes import domains, live_vote, vote_rate_limit, workshop

__all__ = ["domains", "live_vote", "vote_rate_limit", "workshop"]
