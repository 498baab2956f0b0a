"""Exceptions raised by tiesim.

Every error a user can cause (a bad config value, a missing file, an unknown option) is a
:class:`TiesimError` whose message says what to change.  The command line turns it into one
line on stderr and exit code 2.
"""


class TiesimError(Exception):
    """A problem the user can fix: bad input, a missing file, an invalid option."""


class ConfigError(TiesimError):
    """A configuration value breaks a rule; the message names the field, the rule and the value."""
