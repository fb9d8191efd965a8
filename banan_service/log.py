"""Logging filters named in the LOGGING setting."""

import logging


class WithoutTraceback(logging.Filter):
    """Keep the message, drop the traceback: for events whose cause is the request, not the code.

    A request with a Host outside ALLOWED_HOSTS is routine noise from scanners; Django logs it
    with the traceback of the exception it raised, a dozen lines that say nothing more.
    """

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        return True
