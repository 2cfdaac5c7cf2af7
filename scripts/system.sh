#!/usr/bin/env bash
# Install the Debian packages listed in scripts/system-packages.txt that this machine lacks.
#   scripts/system.sh            install what is missing (apt-get as root, sudo otherwise); silent when nothing is
#   scripts/system.sh --dry-run  print the missing packages, one a line, and install nothing
# Exit 0 when everything is present afterwards, 1 with a message listing the packages when they cannot be installed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
list="${VANBAN_SYSTEM_PACKAGES:-$here/system-packages.txt}"
dry_run=false
[[ "${1:-}" == "--dry-run" ]] && dry_run=true

wanted=()
while IFS= read -r line; do
    line="${line%%#*}"
    line="${line//[[:space:]]/}"
    [[ -n "$line" ]] && wanted+=("$line")
done < "$list"

missing=()
for pkg in "${wanted[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
    [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if $dry_run; then
    for pkg in "${missing[@]+"${missing[@]}"}"; do echo "$pkg"; done
    exit 0
fi
[[ ${#missing[@]} -eq 0 ]] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "vanban: cannot install system packages (no apt-get); install them yourself: ${missing[*]}" >&2
    exit 1
fi
if [[ "$(id -u)" -eq 0 ]]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
else
    echo "vanban: these Debian packages are missing and I am neither root nor allowed sudo:" >&2
    echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
fi
echo "vanban: installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
