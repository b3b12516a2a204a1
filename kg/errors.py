"""The one catalogue of user-facing errors.

Every error a person at the terminal may see is a KgError whose message is one line;
the command line prints it and exits non-zero instead of showing a traceback.
"""


class KgError(Exception):
    """A user-facing error: its message is one line for the person at the terminal."""
