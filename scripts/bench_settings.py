"""Settings for the load benchmark and the fault drills: the production settings, unchanged,
except that collectstatic writes to a throwaway folder (BENCH_STATIC_ROOT) instead of the
project's staticfiles/. Everything else (DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS,
SECURE_SSL_REDIRECT, rate limits) comes from the environment exactly as in production.
"""

import os

from betterlives.settings.prod import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
