#!/usr/bin/env bash
#
# deps.sh - install what building and testing drover needs, and only what is missing:
#   Debian packages (apt-get; `apt-get update` runs only if something must be installed;
#   sudo only when not root) and redis-py in ./.venv for the integration tests.
#
# Usage: scripts/deps.sh [--no-venv]
#   --no-venv   skip the Python virtualenv (enough for `make build` / `make run`)

set -euo pipefail

cd "$(dirname "$0")/.."

APT_PACKAGES=(libhiredis-dev zlib1g-dev redis-server redis-tools nutcracker pkg-config)
VENV=.venv
REQUIREMENTS=Tests/IntegrationTests/python/requirements.txt

with_venv=1
[[ ${1:-} == --no-venv ]] && with_venv=0

as_root() {
    if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi
}

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

apt_install() {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

missing=()
for package in "${APT_PACKAGES[@]}"; do
    installed "$package" || missing+=("$package")
done
if (( ${#missing[@]} )); then
    echo "deps: installing ${missing[*]}"
    as_root apt-get update
    apt_install "${missing[@]}"
fi

if (( with_venv )); then
    if ! command -v python3 >/dev/null; then
        as_root apt-get update
        apt_install python3 python3-venv
    fi
    # The stamp records which requirements the venv was built from.
    stamp=$VENV/.requirements
    if [[ ! -x $VENV/bin/python ]] || ! cmp -s "$REQUIREMENTS" "$stamp"; then
        echo "deps: creating $VENV with $(tr '\n' ' ' < "$REQUIREMENTS")"
        if ! python3 -m venv "$VENV" 2>/dev/null; then
            # Debian's python3 keeps venv in a separate package.
            installed python3-venv || { as_root apt-get update; apt_install python3-venv; }
            rm -rf "$VENV"
            python3 -m venv "$VENV"
        fi
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
        cp "$REQUIREMENTS" "$stamp"
    fi
fi
echo "deps: ok"
