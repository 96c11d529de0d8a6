"""The public list of the pictures we use from open symbol sets, with their source and
licence (Creative Commons licences ask for this attribution)."""

import csv
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.templatetags.static import static
from django.views.generic import TemplateView

MANIFEST = Path(settings.BASE_DIR) / "static" / "images" / "symbols" / "MANIFEST.csv"


@lru_cache(maxsize=1)
def vendored_pictures():
    """Every row of static/images/symbols/MANIFEST.csv, with the picture's URL."""
    with open(MANIFEST, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [{**row, "url": static(f"images/symbols/{row['file']}")} for row in rows]


class PicturesView(TemplateView):
    template_name = "pages/pictures.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(pictures=vendored_pictures(), **kwargs)
