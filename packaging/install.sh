#!/bin/sh
# Install ihd as an appliance on Raspberry Pi OS 64-bit (or Debian): a virtual environment with
# the ihd wheel, a private mosquitto broker with a login and an ACL per client, a systemd service
# that starts on boot full screen, a udev rule that lets it dim the backlight at night, and the
# ihd-feeds service (internet prices and carbon intensity), installed but off until configured.
# Prints what it did. docs/raspberry-pi.md explains each step; packaging/uninstall.sh undoes it.
set -eu

usage() {
    cat <<'EOF'
usage: sudo sh packaging/install.sh [options]
  --mode service|kiosk  service: a system service drawing straight on the screen (eglfs), for a Pi
                        without a desktop; kiosk: full screen in the desktop (labwc) of --user.
                        Default: kiosk if labwc is installed, else service.
  --user NAME           the desktop user, for kiosk (default: the user who ran sudo)
  --rotate 0|90|180|270 turn the picture (and touch) from the panel's own orientation
  --lan                 let a bridge device on the home network log in (port 1883, password needed);
                        needs --tls, since without it the password crosses the network in clear
                        (give --lan twice to accept that)
  --tls CERT KEY        also listen with TLS on port 8883, with this certificate and key
  --bridge-password PW  the bridge's password (default: made up once and kept); better given in
                        the environment as IHD_BRIDGE_PASSWORD, off the command line
  --home-assistant      add a login for Home Assistant to read what the display shares
  --wheel FILE          install this ihd wheel (default: build one from this checkout)
  --no-broker           leave mosquitto alone (the broker is elsewhere; edit /etc/ihd/config.toml)
  --centre URL NAME     bridge what the household agrees to share to a deploying organisation's
                        broker (mqtts://host:port) over TLS, as NAME (the home's name there: its
                        certificate's common name); needs --centre-tls (docs/for-organisations.md)
  --centre-tls CA CERT KEY  the centre broker's CA, and this home's client certificate and key
  --centre-share LIST   the consent categories the centre receives, comma-separated (default
                        third-party; also supplier-half-hourly, supplier-daily, carbon-lookup)
  --root DIR            install into DIR instead of / (an image, or a test); nothing is started
  --dry-run             say what would be done, and change nothing
EOF
}

HERE=$(cd "$(dirname "$0")" && pwd)
SOURCE=$(dirname "$HERE")
PREFIX=/opt/ihd
DATA=/var/lib/ihd
ROOT=""
DRY=0
MODE=""
DESKTOP_USER=${SUDO_USER:-}
ROTATE=0
LAN=0
TLS_CERT=""
TLS_KEY=""
BRIDGE_PASSWORD=${IHD_BRIDGE_PASSWORD:-}
HOME_ASSISTANT=0
WHEEL=""
BROKER=1
CENTRE=""
CENTRE_NAME=""
CENTRE_CA=""
CENTRE_CERT=""
CENTRE_KEY=""
CENTRE_SHARE=third-party
# Qt on KMS/DRM (eglfs) or Wayland; speech-dispatcher with its espeak-ng voices (a recommendation
# of speech-dispatcher's, so named here: without it there is no voice); the broker.
PACKAGES="python3-venv mosquitto mosquitto-clients libegl1 libgl1 libgbm1 libdrm2 libinput10 libxkbcommon0 \
libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0 libwayland-client0 libwayland-cursor0 \
libwayland-egl1 speech-dispatcher speech-dispatcher-espeak-ng fonts-dejavu-core"

say() { printf 'ihd install: %s\n' "$*"; }
fail() { printf 'ihd install: %s\n' "$*" >&2; exit 1; }
did() { printf '  - %s\n' "$*" >>"$REPORT"; }

# Run a command, or in a dry run say it would be run.
run() {
    if [ "$DRY" = 1 ]; then
        printf 'would run: %s\n' "$*"
    else
        "$@"
    fi
}

while [ $# -gt 0 ]; do
    case "$1" in
        --mode) MODE=${2:-}; shift 2 ;;
        --user) DESKTOP_USER=${2:-}; shift 2 ;;
        --rotate) ROTATE=${2:-}; shift 2 ;;
        --lan) LAN=$((LAN + 1)); shift ;;
        --tls) TLS_CERT=${2:-}; TLS_KEY=${3:-}; shift 3 ;;
        --bridge-password) BRIDGE_PASSWORD=${2:-}; shift 2 ;;
        --home-assistant) HOME_ASSISTANT=1; shift ;;
        --wheel) WHEEL=${2:-}; shift 2 ;;
        --no-broker) BROKER=0; shift ;;
        --centre) CENTRE=${2:-}; CENTRE_NAME=${3:-}; shift 3 ;;
        --centre-tls) CENTRE_CA=${2:-}; CENTRE_CERT=${3:-}; CENTRE_KEY=${4:-}; shift 4 ;;
        --centre-share) CENTRE_SHARE=${2:-}; shift 2 ;;
        --root) ROOT=${2:-}; shift 2 ;;
        --dry-run) DRY=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; fail "unknown option: $1" ;;
    esac
done

if [ -z "$MODE" ]; then
    if command -v labwc >/dev/null 2>&1; then MODE=kiosk; else MODE=service; fi
fi
case "$MODE" in service|kiosk) ;; *) fail "--mode must be service or kiosk, not '$MODE'" ;; esac
case "$ROTATE" in 0|90|180|270) ;; *) fail "--rotate must be 0, 90, 180 or 270, not '$ROTATE'" ;; esac
if [ "$MODE" = kiosk ] && [ -z "$DESKTOP_USER" ]; then
    fail "kiosk mode needs the desktop user: --user NAME"
fi
if [ -n "$TLS_CERT" ]; then
    [ -r "$TLS_CERT" ] || fail "cannot read the certificate $TLS_CERT"
    [ -r "$TLS_KEY" ] || fail "cannot read the key $TLS_KEY"
fi
if [ "$LAN" = 1 ] && [ -z "$TLS_CERT" ]; then
    fail "--lan without --tls sends the bridge's password in clear over the home network: add --tls CERT KEY, or give --lan twice to accept that"
fi
if [ -n "$CENTRE" ]; then
    case "$CENTRE" in mqtts://*) ;; *) fail "--centre needs an mqtts:// address: the centre is reached over TLS only" ;; esac
    [ "$BROKER" = 1 ] || fail "--centre bridges this home's broker: it cannot go with --no-broker"
    [ -n "$CENTRE_NAME" ] || fail "--centre needs the home's name at the centre: --centre URL NAME"
    case "$CENTRE_NAME" in  # no '.': a RabbitMQ centre takes it for a topic level
        [!A-Za-z0-9]* | *[!A-Za-z0-9_-]*)
            fail "--centre NAME is letters, digits, '_' and '-' only, not '$CENTRE_NAME'" ;;
    esac
    for file in "$CENTRE_CA" "$CENTRE_CERT" "$CENTRE_KEY"; do
        if [ -z "$file" ] || [ ! -r "$file" ]; then
            fail "--centre needs --centre-tls CA CERT KEY, each a file I can read"
        fi
    done
fi
if [ -n "$WHEEL" ] && [ ! -r "$WHEEL" ]; then
    fail "cannot read the wheel $WHEEL"
fi
if [ -z "$ROOT" ] && [ "$DRY" = 0 ] && [ "$(id -u)" != 0 ]; then
    fail "run me as root: sudo sh packaging/install.sh"
fi
if [ -n "$ROOT" ]; then
    [ -d "$ROOT" ] || fail "--root $ROOT is not a folder"
    ROOT=$(cd "$ROOT" && pwd)
fi
# The system's Python, which the service user can run (not one installed in a user's home).
PYTHON=${PYTHON:-python3}
[ -x /usr/bin/python3 ] && [ "$PYTHON" = python3 ] && PYTHON=/usr/bin/python3
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
    || fail "ihd needs Python 3.11 or newer (Raspberry Pi OS Bookworm or later); or set PYTHON=/path/to/python3"

REPORT=$(mktemp)
WORK=$(mktemp -d)
trap 'rm -rf "$REPORT" "$WORK"' EXIT

# -- system packages

if [ "$DRY" = 1 ]; then
    printf 'would install system packages: %s\n' "$PACKAGES"
elif [ -n "$ROOT" ]; then
    say "not installing system packages into $ROOT; the machine needs: $PACKAGES"
else
    say "installing system packages"
    apt-get update -qq
    # shellcheck disable=SC2086 # a list of package names
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
    did "installed system packages: $PACKAGES"
fi

# -- the PySide6 pin a Debian 12 based system needs

CONSTRAINTS=""
glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')
if [ "$(uname -m)" = aarch64 ] && [ -n "$glibc" ] \
        && [ "$(printf '%s\n2.39\n' "$glibc" | sort -V | head -n1)" != 2.39 ]; then
    # PySide6 6.9 and later ship aarch64 wheels for glibc 2.39 and later only (Debian 13 based).
    CONSTRAINTS="$WORK/constraints.txt"
    printf 'PySide6-Essentials<6.9\n' >"$CONSTRAINTS"
    say "glibc $glibc on 64-bit Arm: pinning PySide6 below 6.9"
fi

# -- files: each one written under $ROOT and listed for the uninstaller

MANIFEST_LINES="$WORK/manifest"
: >"$MANIFEST_LINES"

# put TEMPLATE TARGET MODE: fill in the template's @...@ values and write it to TARGET.
put() {
    template=$1 target=$2 mode=$3
    echo "$target" >>"$MANIFEST_LINES"
    if [ "$DRY" = 1 ]; then
        printf 'would write: %s\n' "$target"
        return
    fi
    mkdir -p "$ROOT$(dirname "$target")"
    # Born private (a key among them), opened up to its mode once whole: never readable on the way.
    rm -f "$ROOT$target"
    (umask 077
     sed -e "s|@PREFIX@|$PREFIX|g" -e "s|@DATA@|$DATA|g" -e "s|@USER@|ihd|g" \
         -e "s|@ROTATION@|$ROTATION_LINES|" -e "s|@ROTATE_OUTPUT@|$ROTATE_OUTPUT|" "$template" >"$ROOT$target")
    chmod "$mode" "$ROOT$target"
    did "wrote $target"
}

# a password made once and kept in /etc/ihd/broker-logins (root only), so a second install keeps it
login_file=/etc/ihd/broker-logins
password_for() {
    user=$1 given=${2:-}
    if [ -n "$given" ]; then
        echo "$given"
    elif [ -r "$ROOT$login_file" ] && grep -q "^$user " "$ROOT$login_file"; then
        grep "^$user " "$ROOT$login_file" | head -n1 | cut -d' ' -f2
    else
        "$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(18))'
    fi
}

case "$ROTATE" in
    0) ROTATION_LINES="# no rotation"; ROTATE_OUTPUT="" ;;
    *) ROTATION_LINES="Environment=QT_QPA_EGLFS_ROTATION=$ROTATE QT_QPA_EGLFS_NO_LIBINPUT=1 QT_QPA_EVDEV_TOUCHSCREEN_PARAMETERS=rotate=$ROTATE"
       ROTATE_OUTPUT="wlr-randr --output DSI-1 --transform $ROTATE; " ;;
esac

# -- the service user

if [ "$DRY" = 1 ]; then
    printf 'would create the system user ihd (groups video, render, input)\n'
elif [ -n "$ROOT" ]; then
    say "not creating the system user ihd in $ROOT"
else
    getent group ihd >/dev/null || groupadd --system ihd
    if ! getent passwd ihd >/dev/null; then
        useradd --system --gid ihd --home-dir "$DATA" --no-create-home --shell /usr/sbin/nologin ihd
        did "created the system user ihd"
    fi
    for group in video render input; do
        getent group "$group" >/dev/null && usermod -a -G "$group" ihd
    done
    if [ "$MODE" = kiosk ]; then
        usermod -a -G ihd "$DESKTOP_USER"  # to read /etc/ihd/config.toml
        did "added $DESKTOP_USER to the group ihd"
    fi
fi

# -- the program: a virtual environment with the wheel

venv="$PREFIX/venv"
echo "$venv" >>"$MANIFEST_LINES"
# Run again with the same wheel (to change a setting), the environment is kept as it is:
# installing PySide6 again takes minutes on a Pi and would change nothing (unless it is broken).
stamp="$ROOT$venv/ihd-wheel.sha256"
same=""
if [ -n "$WHEEL" ]; then same=$(cat "$WHEEL" ${CONSTRAINTS:+"$CONSTRAINTS"} | sha256sum | cut -d' ' -f1); fi
if [ "$DRY" = 1 ]; then
    printf 'would create the virtual environment %s and install %s\n' "$venv" "${WHEEL:-a wheel built from $SOURCE}"
elif [ -n "$same" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$same" ] \
        && "$ROOT$venv/bin/python" -c "import ihd.app, PySide6.QtWidgets" >/dev/null 2>&1; then
    say "keeping $venv: it already holds $(basename "$WHEEL")"
    did "kept $("$ROOT$venv/bin/ihd" --version) in $venv, installed from the same wheel before"
else
    say "creating $venv"
    mkdir -p "$ROOT$PREFIX"
    "$PYTHON" -m venv --clear "$ROOT$venv"
    "$ROOT$venv/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
    if [ -z "$WHEEL" ]; then
        say "building the wheel from $SOURCE"
        "$ROOT$venv/bin/python" -m pip wheel -q --no-deps -w "$WORK/dist" "$SOURCE"
        WHEEL=$(ls "$WORK"/dist/ihd-*.whl)
    fi
    say "installing $(basename "$WHEEL") and what it needs (PySide6 is large: a few minutes on a Pi)"
    if [ -n "$CONSTRAINTS" ]; then
        "$ROOT$venv/bin/python" -m pip install -q -c "$CONSTRAINTS" "$WHEEL"
    else
        "$ROOT$venv/bin/python" -m pip install -q "$WHEEL"
    fi
    did "installed $("$ROOT$venv/bin/ihd" --version) into $venv"
    if [ -n "$same" ]; then echo "$same" >"$stamp"; fi
fi
put "$SOURCE/docs/raspberry-pi.md" "$PREFIX/share/doc/raspberry-pi.md" 644
put "$SOURCE/docs/feeds.md" "$PREFIX/share/doc/feeds.md" 644

# -- the broker

display_password=$(password_for ihd-display)
bridge_password=$(password_for ihd-bridge "$BRIDGE_PASSWORD")
ha_password=$(password_for homeassistant)
feeds_password=$(password_for ihd-feeds)
if [ "$BROKER" = 1 ]; then
    if [ "$LAN" -ge 1 ]; then
        LISTENER="listener 1883"
    else
        LISTENER="listener 1883 127.0.0.1"
    fi
    put "$HERE/mosquitto/ihd.conf" /etc/mosquitto/conf.d/ihd.conf 644
    [ "$DRY" = 1 ] || sed -i "s|^listener 1883 127.0.0.1$|$LISTENER|" "$ROOT/etc/mosquitto/conf.d/ihd.conf"
    put "$HERE/mosquitto/ihd.acl" /etc/mosquitto/ihd/acl 640
    echo /etc/mosquitto/ihd/passwd >>"$MANIFEST_LINES"
    if [ -n "$TLS_CERT" ]; then
        put "$HERE/mosquitto/ihd-tls.conf" /etc/mosquitto/conf.d/ihd-tls.conf 644
        put "$TLS_CERT" /etc/mosquitto/ihd/broker.crt 644
        put "$TLS_KEY" /etc/mosquitto/ihd/broker.key 640
    fi
    if [ -n "$CENTRE" ]; then
        put "$CENTRE_CA" /etc/mosquitto/ihd/centre-ca.crt 644
        put "$CENTRE_CERT" /etc/mosquitto/ihd/centre.crt 644
        put "$CENTRE_KEY" /etc/mosquitto/ihd/centre.key 640
        echo /etc/mosquitto/conf.d/ihd-centre.conf >>"$MANIFEST_LINES"
        if [ "$DRY" = 1 ]; then
            printf 'would write: /etc/mosquitto/conf.d/ihd-centre.conf (bridging %s to %s as %s)\n' \
                "$CENTRE_SHARE" "$CENTRE" "$CENTRE_NAME"
        else
            "$ROOT$venv/bin/python" -m ihd.han.centre_bridge --centre "$CENTRE" --link "$CENTRE_NAME" \
                --ca /etc/mosquitto/ihd/centre-ca.crt --cert /etc/mosquitto/ihd/centre.crt \
                --key /etc/mosquitto/ihd/centre.key --share "$CENTRE_SHARE" >"$ROOT/etc/mosquitto/conf.d/ihd-centre.conf" \
                || fail "could not write the bridge to the centre"
            [ -n "$ROOT" ] || ! getent group mosquitto >/dev/null || chgrp mosquitto "$ROOT/etc/mosquitto/ihd/centre.key"
            did "bridged $CENTRE_SHARE to $CENTRE as $CENTRE_NAME (/etc/mosquitto/conf.d/ihd-centre.conf)"
        fi
    fi
    if [ "$DRY" = 1 ]; then
        printf 'would write: /etc/mosquitto/ihd/passwd (hashed passwords for ihd-display, ihd-bridge and ihd-feeds)\n'
    else
        command -v mosquitto_passwd >/dev/null 2>&1 || fail "mosquitto_passwd is missing: apt-get install mosquitto"
        passwd_file="$ROOT/etc/mosquitto/ihd/passwd"
        rm -f "$passwd_file"
        # Written by the shell's own printf (no command line shows them), root only, then hashed
        # in place: no password is ever an argument of a process another user could list.
        (umask 077
         {
             printf 'ihd-display:%s\n' "$display_password"
             printf 'ihd-bridge:%s\n' "$bridge_password"
             printf 'ihd-feeds:%s\n' "$feeds_password"
             [ "$HOME_ASSISTANT" = 0 ] || printf 'homeassistant:%s\n' "$ha_password"
         } >"$passwd_file")
        # mosquitto_passwd keeps a plain copy (passwd.tmp) while it hashes: private under this umask too
        (umask 077; mosquitto_passwd -U "$passwd_file")
        chmod 640 "$passwd_file"
        if [ -z "$ROOT" ] && getent group mosquitto >/dev/null; then
            chgrp mosquitto "$passwd_file" "$ROOT/etc/mosquitto/ihd/acl"
            [ -z "$TLS_KEY" ] || chgrp mosquitto "$ROOT/etc/mosquitto/ihd/broker.key"
        fi
        did "wrote /etc/mosquitto/ihd/passwd (hashed; logins: ihd-display, ihd-bridge, ihd-feeds$([ "$HOME_ASSISTANT" = 1 ] && echo ', homeassistant'))"
    fi
fi

# -- the display's config and the logins, kept for the next install

if [ "$DRY" = 1 ]; then
    printf 'would write: /etc/ihd/config.toml (unless it exists), %s and /etc/ihd/feeds.env\n' "$login_file"
else
    mkdir -p "$ROOT/etc/ihd"
    rm -f "$ROOT$login_file"
    umask 077
    {
        echo "ihd-display $display_password"
        echo "ihd-bridge $bridge_password"
        echo "homeassistant $ha_password"
        echo "ihd-feeds $feeds_password"
    } >"$ROOT$login_file"
    # ihd-feeds' login, for its unit (systemd reads it as root before starting it as ihd)
    rm -f "$ROOT/etc/ihd/feeds.env"
    {
        echo "# ihd-feeds' broker login (docs/feeds.md); written by packaging/install.sh, root only."
        echo "IHD_FEEDS_USERNAME=ihd-feeds"
        echo "IHD_FEEDS_PASSWORD=$feeds_password"
    } >"$ROOT/etc/ihd/feeds.env"
    umask 022
    did "wrote $login_file and /etc/ihd/feeds.env (the broker's passwords, readable by root only)"
    if [ -e "$ROOT/etc/ihd/config.toml" ]; then
        say "keeping the existing /etc/ihd/config.toml"
    else
        umask 077  # born private: it holds the display's password
        cat >"$ROOT/etc/ihd/config.toml" <<EOF
# ihd's settings: docs/configuration.md lists every key and its default.
# Written by packaging/install.sh; edit it, then: sudo systemctl restart ihd (or log in again).

[bridge]
broker = "mqtt://127.0.0.1:1883"
username = "ihd-display"
password = "$display_password"

# Prices and the grid's carbon intensity from the internet (docs/feeds.md): set enabled = true
# and a tariff code, then: sudo systemctl enable --now ihd-feeds
[feeds]
enabled = false
# tariff_code = "E-1R-AGILE-24-10-01-C"
EOF
        umask 022
        chmod 640 "$ROOT/etc/ihd/config.toml"
        [ -n "$ROOT" ] || chgrp ihd "$ROOT/etc/ihd/config.toml"
        did "wrote /etc/ihd/config.toml (readable by the group ihd only: it holds the broker password)"
    fi
fi

# -- starting on boot

if [ "$MODE" = service ]; then
    put "$HERE/systemd/ihd.service" /etc/systemd/system/ihd.service 644
else
    put "$HERE/systemd/ihd-kiosk.service" /etc/systemd/user/ihd-kiosk.service 644
    home=$(getent passwd "$DESKTOP_USER" | cut -d: -f6)
    [ -n "$home" ] || home="/home/$DESKTOP_USER"
    autostart="$home/.config/labwc/autostart"
    if [ "$DRY" = 1 ]; then
        printf 'would add ihd to %s\n' "$autostart"
    elif ! grep -q "ihd-kiosk.service" "$ROOT$autostart" 2>/dev/null; then
        mkdir -p "$ROOT$(dirname "$autostart")"
        sed -e "s|@ROTATE_OUTPUT@|$ROTATE_OUTPUT|" "$HERE/labwc/autostart" >>"$ROOT$autostart"
        [ -n "$ROOT" ] || chown -R "$DESKTOP_USER:" "$home/.config/labwc"
        did "added ihd to $autostart"
    fi
    echo "autostart:$autostart" >>"$MANIFEST_LINES"
fi
put "$HERE/systemd/ihd-feeds.service" /etc/systemd/system/ihd-feeds.service 644
put "$HERE/udev/90-ihd-backlight.rules" /etc/udev/rules.d/90-ihd-backlight.rules 644
put "$HERE/uninstall.sh" "$PREFIX/uninstall.sh" 755

if [ "$DRY" = 0 ]; then
    sort -u "$MANIFEST_LINES" >"$ROOT$PREFIX/installed-files"
    did "listed every file in $PREFIX/installed-files, for $PREFIX/uninstall.sh"
fi

if [ "$DRY" = 1 ]; then
    printf 'would restart mosquitto and start ihd\n'
elif [ -n "$ROOT" ]; then
    say "not starting anything in $ROOT"
elif [ ! -d /run/systemd/system ]; then
    # a container or a chroot: everything is in place, but there is no systemd to start it
    say "systemd is not running here: start mosquitto and ihd yourself (docs/raspberry-pi.md)"
    did "started nothing: systemd is not running on this machine"
else
    systemctl daemon-reload
    if udevadm control --reload-rules 2>/dev/null; then
        udevadm trigger --subsystem-match=backlight || true
    fi
    if [ "$BROKER" = 1 ]; then
        systemctl enable mosquitto >/dev/null 2>&1
        systemctl restart mosquitto
        did "restarted mosquitto with the private configuration"
    fi
    if [ "$MODE" = service ]; then
        systemctl enable ihd.service >/dev/null 2>&1
        systemctl restart ihd.service
        did "started ihd.service, and it starts on boot"
    else
        did "ihd starts full screen when $DESKTOP_USER next logs in to the desktop"
    fi
    if systemctl is-enabled --quiet ihd-feeds.service 2>/dev/null; then
        systemctl restart ihd-feeds.service
        did "restarted ihd-feeds.service"
    else
        did "installed ihd-feeds.service, off until [feeds] is set up (docs/feeds.md)"
    fi
fi

[ "$DRY" = 1 ] && exit 0
say "done. What I did:"
cat "$REPORT"
if [ "$BROKER" = 1 ]; then
    where="127.0.0.1:1883 (this machine)"
    [ "$LAN" = 1 ] && where="port 1883 of this machine's address"
    [ -n "$TLS_CERT" ] && where="$where, or TLS on port 8883"
    cat <<EOF

The bridge logs in to the broker at $where
  user:     ihd-bridge
  password: $bridge_password
(kept in $login_file; to try it: IHD_SIM_PASSWORD=... $PREFIX/venv/bin/ihd-sim --username ihd-bridge)
EOF
    [ "$HOME_ASSISTANT" = 1 ] && printf 'Home Assistant logs in as homeassistant, password %s\n' "$ha_password"
fi
if [ "$MODE" = service ]; then
    status="systemctl status ihd" journal="journalctl -u ihd -f"
else
    status="systemctl --user status ihd-kiosk (as $DESKTOP_USER)" journal="journalctl --user -u ihd-kiosk -f"
fi
cat <<EOF

Check it:   $status
Its log:    $journal
Remove it:  sudo sh $PREFIX/uninstall.sh
Prices and carbon from the internet: set [feeds] in /etc/ihd/config.toml, then
            sudo systemctl enable --now ihd-feeds    ($PREFIX/share/doc/feeds.md)
EOF
