#!/usr/bin/env bash
# Build the vendored GOV.UK Frontend assets for Better Lives.
#
# Output (committed to git, so installing or running the service needs no Node):
#   static/vendor/govuk-frontend/govuk-frontend.min.css  (frontend/betterlives.scss)
#   static/vendor/govuk-frontend/govuk-frontend.min.js   (GOV.UK Frontend ES module)
#   static/vendor/govuk-frontend/README.md               (left as is)
#
# Node and npm are only needed by whoever upgrades GOV.UK Frontend or changes
# frontend/*.scss. Run from any directory:  bash scripts/build_frontend.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PKG="node_modules/govuk-frontend/dist/govuk"
OUT="static/vendor/govuk-frontend"

echo "==> npm ci"
# --ignore-scripts: sass and govuk-frontend need no install scripts.
npm ci --no-audit --no-fund --ignore-scripts

VERSION="$(node -p 'require("govuk-frontend/package.json").version')"
echo "==> govuk-frontend $VERSION, sass $(npx --no-install sass --version)"

mkdir -p "$OUT"

# Remove what earlier builds produced (but keep README.md). Fonts are never
# shipped: we use Arial, not the GDS Transport typeface.
rm -rf "$OUT/assets" "$OUT/govuk-frontend.min.css" "$OUT/govuk-frontend.min.js"

echo "==> sass frontend/betterlives.scss"
npx --no-install sass \
  --pkg-importer=node \
  --load-path=frontend \
  --style=compressed \
  --no-source-map \
  --no-error-css \
  frontend/betterlives.scss "$OUT/govuk-frontend.min.css"

echo "==> copy govuk-frontend.min.js (ES module)"
# Drop the sourceMappingURL comment: we do not ship the .map, and Django's
# ManifestStaticFilesStorage fails collectstatic on a missing referenced file.
sed -e 's|//# sourceMappingURL=[^[:space:]]*||' \
  "$PKG/govuk-frontend.min.js" > "$OUT/govuk-frontend.min.js"

# Images and manifest.json: every icon GOV.UK Frontend ships (favicon.ico,
# favicon.svg, govuk-icon-*.png, govuk-icon-mask.svg, the Open Graph image) and
# the crest are GOV.UK crown/Royal Arms branding, which a council service must
# not use, and manifest.json only lists those icons. So none are copied. If a
# later version adds an unbranded image that the CSS needs, copy it here, e.g.
#   mkdir -p "$OUT/assets/images" && cp "$PKG/assets/images/NAME" "$OUT/assets/images/"

echo "==> checks"
CSS="$OUT/govuk-frontend.min.css"
fail=0
if grep -q "GDS Transport" "$CSS"; then
  echo "ERROR: 'GDS Transport' found in $CSS" >&2; fail=1
fi
if grep -q "@font-face" "$CSS"; then
  echo "ERROR: @font-face found in $CSS" >&2; fail=1
fi
# Every url() must be a relative path under assets/ and the file must exist.
while IFS= read -r url; do
  [ -z "$url" ] && continue
  target="${url#url(}"; target="${target%)}"
  target="${target#[\"\']}"; target="${target%[\"\']}"
  case "$target" in
    data:*) continue ;;
    assets/*) ;;
    *) echo "ERROR: url() outside assets/: $url" >&2; fail=1; continue ;;
  esac
  if [ ! -f "$OUT/$target" ]; then
    echo "ERROR: url() target missing: $OUT/$target" >&2; fail=1
  fi
done < <(grep -o 'url([^)]*)' "$CSS" || true)
if grep -q "sourceMappingURL" "$OUT/govuk-frontend.min.js"; then
  echo "ERROR: sourceMappingURL left in govuk-frontend.min.js" >&2; fail=1
fi
if ! grep -q "initAll" "$OUT/govuk-frontend.min.js"; then
  echo "ERROR: initAll export missing from govuk-frontend.min.js" >&2; fail=1
fi
if ! grep -q -- "--govuk-frontend-version: *\"$VERSION\"" "$CSS"; then
  echo "ERROR: compiled CSS is not govuk-frontend $VERSION" >&2; fail=1
fi
if [ "$fail" -ne 0 ]; then
  exit 1
fi

echo "==> done: $(wc -c < "$CSS") bytes CSS, $(wc -c < "$OUT/govuk-frontend.min.js") bytes JS in $OUT"
if ! grep -qF "$VERSION" "$OUT/README.md" 2>/dev/null; then
  echo "NOTE: update the version in $OUT/README.md to $VERSION" >&2
fi
