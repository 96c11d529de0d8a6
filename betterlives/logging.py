"""Keep survey tokens, vote codes, resume codes and password-reset links out of the logs.

Survey and vote addresses carry a token or a code (/s/<token>/…, /v/<code>/…), a password
reset link carries the account's id and a reset token (/password-reset/<uid>/<token>/), and
Django logs the path of every 4xx and 5xx answer, as the app server's access log does of every
request. `install()` (called when the app starts) wraps the log record factory so that every
record, from any logger, has such paths written as /s/…/, /v/…/ and /password-reset/…/ before
any handler sees it.
"""

import logging
import re

SEGMENT = r"[^/\s?\"']+"
PUBLIC_LINK = re.compile(rf"/(s|v)/{SEGMENT}")
# /password-reset/<uid>/<token>/ and /password-reset/<uid>/set-password/, not /sent/ or /done/.
RESET_LINK = re.compile(rf"/password-reset/(?!(?:sent|done)/){SEGMENT}/{SEGMENT}")


def hide(text):
    text = PUBLIC_LINK.sub(lambda match: f"/{match.group(1)}/…", text)
    return RESET_LINK.sub("/password-reset/…", text)


def _hide_in(record):
    if isinstance(record.msg, str):
        record.msg = hide(record.msg)
    if isinstance(record.args, tuple):
        record.args = tuple(hide(a) if isinstance(a, str) else a for a in record.args)
    elif isinstance(record.args, dict):
        record.args = {k: hide(v) if isinstance(v, str) else v for k, v in record.args.items()}
    return record


def install():
    factory = logging.getLogRecordFactory()
    if getattr(factory, "hides_public_links", False):
        return

    def make_record(*args, **kwargs):
        return _hide_in(factory(*args, **kwargs))

    make_record.hides_public_links = True
    logging.setLogRecordFactory(make_record)
