#!/bin/sh
# Set up ihd from a checkout on Debian or Raspberry Pi OS, then run the demo or the tests.
#   sh packaging/dev.sh demo [ihd options]   set up, then run the demo on a simulated home
#   sh packaging/dev.sh test [pytest options] set up, then run lint, layer checks and the tests
#   sh packaging/dev.sh setup                 set up only
set -eu
cd "$(dirname "$0")/.."

# Qt's xcb and EGL libraries; speech-dispatcher with its espeak-ng voices (spd-say speaks, and
# the speech tests run a private speech-dispatcher); the broker the tests run; and an X server,
# D-Bus and the AT-SPI accessibility bus, with Debian's pyatspi, for the screen-reader tests;
# the linters for the appliance's shell scripts (shellcheck) and units (systemd-analyze);
# openssl, which makes the certificates of the TLS tests; PostgreSQL, which the collector's tests
# start a server of their own from (Debian's package; the tests run initdb themselves); and
# RabbitMQ, a centre's broker other than mosquitto, which a test starts a node of its own from.
SYSTEM_PACKAGES="python3-venv mosquitto mosquitto-clients
  libegl1 libgl1 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0 libxkbcommon0
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libx11-xcb1
  speech-dispatcher speech-dispatcher-espeak-ng fonts-dejavu-core
  xvfb xauth xdotool dbus-x11 at-spi2-core python3-pyatspi
  shellcheck systemd openssl postgresql rabbitmq-server"

say() { printf 'ihd setup: %s\n' "$*" >&2; }

missing_packages() {
    command -v dpkg-query >/dev/null 2>&1 || return 0
    for pkg in $SYSTEM_PACKAGES; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || printf '%s ' "$pkg"
    done
}

install_system_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        say "not a Debian system; make sure these (or their equivalents) are installed: $SYSTEM_PACKAGES"
        return 0
    fi
    missing=$(missing_packages)
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = 0 ]; then
        sudo=""
    elif command -v sudo >/dev/null 2>&1; then
        sudo="sudo"
    else
        say "these system packages are missing and I cannot install them without root: $missing"
        say "run as root: apt-get update && apt-get install -y $missing"
        exit 1
    fi
    say "installing system packages: $missing"
    $sudo apt-get update -qq
    # shellcheck disable=SC2086 # a list of package names
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

python_ok() {
    "$1" -c 'import sys, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

setup() {
    install_system_packages
    python=${PYTHON:-python3}
    if ! python_ok "$python"; then
        say "$python is missing or older than 3.11; install Python 3.11 or newer, or set PYTHON=/path/to/python3.11"
        exit 1
    fi
    if [ ! -x .venv/bin/python ]; then
        say "creating .venv"
        "$python" -m venv .venv
    fi
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
    say "installing ihd and its test tools into .venv"
    .venv/bin/python -m pip install -q -e '.[test]'
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
    setup)
        setup ;;
    demo)
        setup
        exec .venv/bin/ihd --demo "$@" ;;
    test)
        setup
        say "ruff"
        .venv/bin/ruff check ihd tests benchmarks
        say "layer contracts"
        .venv/bin/lint-imports --no-cache
        say "tests"
        # one process per core (pytest-xdist; -n 0 for one process), the slowest ten named
        QT_QPA_PLATFORM=offscreen exec .venv/bin/python -m pytest -n auto --durations=10 "$@" ;;
    *)
        echo "usage: sh packaging/dev.sh demo|test|setup [options]" >&2
        exit 2 ;;
esac
