#!/bin/sh
# Remove what packaging/install.sh installed, as listed in /opt/ihd/installed-files. The
# household's data (/var/lib/ihd), the config and the broker logins (/etc/ihd) stay unless
# --purge is given; the system packages stay.
set -eu

PREFIX=/opt/ihd
ROOT=""
PURGE=0
DRY=0

say() { printf 'ihd uninstall: %s\n' "$*"; }
fail() { printf 'ihd uninstall: %s\n' "$*" >&2; exit 1; }
run() {
    if [ "$DRY" = 1 ]; then
        printf 'would run: %s\n' "$*"
    else
        "$@"
    fi
}

while [ $# -gt 0 ]; do
    case "$1" in
        --purge) PURGE=1; shift ;;
        --root) ROOT=${2:-}; shift 2 ;;
        --dry-run) DRY=1; shift ;;
        -h|--help)
            echo "usage: sudo sh $PREFIX/uninstall.sh [--purge] [--root DIR] [--dry-run]"
            echo "  --purge  also remove the household's data, the config and the broker logins"
            exit 0 ;;
        *) fail "unknown option: $1" ;;
    esac
done
if [ -n "$ROOT" ]; then
    ROOT=$(cd "$ROOT" && pwd)
elif [ "$DRY" = 0 ] && [ "$(id -u)" != 0 ]; then
    fail "run me as root: sudo sh $PREFIX/uninstall.sh"
fi
manifest="$ROOT$PREFIX/installed-files"
[ -r "$manifest" ] || fail "nothing to remove: $manifest is missing"

live=0
[ -z "$ROOT" ] && [ "$DRY" = 0 ] && live=1
systemd_up=0
[ "$live" = 1 ] && [ -d /run/systemd/system ] && systemd_up=1
if [ "$systemd_up" = 1 ]; then
    systemctl disable --now ihd.service >/dev/null 2>&1 || true
    systemctl disable --now ihd-feeds.service >/dev/null 2>&1 || true
fi

mosquitto_touched=0
while IFS= read -r entry; do
    case "$entry" in
        autostart:*)
            file="$ROOT${entry#autostart:}"
            if [ -f "$file" ]; then
                # the two lines install.sh added: its comment and the start line
                run sed -i -e '/^# ihd: full screen/d' -e '/ihd-kiosk\.service/d' "$file"
                say "took ihd out of ${entry#autostart:}"
            fi ;;
        /*)
            case "$entry" in /etc/mosquitto/*) mosquitto_touched=1 ;; esac
            if [ -e "$ROOT$entry" ]; then
                run rm -rf "$ROOT$entry"
                say "removed $entry"
            fi ;;
    esac
done <"$manifest"
run rm -f "$manifest"
run rm -rf "$ROOT/var/cache/ihd"  # what the service kept to start faster (CacheDirectory): nothing of the household's
for dir in /etc/mosquitto/ihd "$PREFIX/share/doc" "$PREFIX/share" "$PREFIX"; do
    if [ -d "$ROOT$dir" ]; then
        run rmdir "$ROOT$dir" 2>/dev/null || true  # only if empty
    fi
done

if [ "$PURGE" = 1 ]; then
    run rm -rf "$ROOT/var/lib/ihd" "$ROOT/etc/ihd"
    say "removed the household's data (/var/lib/ihd) and /etc/ihd"
    if [ "$live" = 1 ] && getent passwd ihd >/dev/null; then
        userdel ihd || true
        say "removed the system user ihd"
    fi
else
    say "kept the household's data (/var/lib/ihd) and /etc/ihd; --purge removes them"
fi

if [ "$systemd_up" = 1 ]; then
    systemctl daemon-reload
    if [ "$mosquitto_touched" = 1 ]; then
        systemctl restart mosquitto || true
        say "restarted mosquitto with its own configuration"
    fi
fi
say "done"
