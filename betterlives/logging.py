"""Keep survey tokens, vote codes and resume codes out of the logs.

Survey and vote addresses carry a token or a code (/s/<token>/…, /v/<code>/…), and Django
logs the path of every 4xx and 5xx answer. `install()` (called when the app starts) wraps the
log record factory so that every record, from any logger, has such paths written as /s/…/
and /v/…/ before any handler sees it.
"""

import logging
import re

PUBLIC_LINK = re.compile(r"/(s|v)/[^/\s?\"']+")


def hide(text):
    return PUBLIC_LINK.sub(lambda match: f"/{match.group(1)}/…", text)


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
