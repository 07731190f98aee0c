#!/usr/bin/env bash
# docs/results-transfer.md = docs/results-transfer-intro.md + the tables of scripts/transfer-results.sh --table-only.
set -euo pipefail
cd "$(dirname "$0")/../.."
{ cat docs/results-transfer-intro.md; echo; scripts/transfer-results.sh --table-only --family all "$@"; } > docs/results-transfer.md.partial
mv docs/results-transfer.md.partial docs/results-transfer.md
