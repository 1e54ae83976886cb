#!/bin/sh
# Install an unpacked Comptoir bundle for this user (default: ~/.local) or for everyone (/usr/local, as root):
#
#   ./install.sh [PREFIX]
#
# The program goes to PREFIX/lib/comptoir and `comptoir` to PREFIX/bin; the menu entry, the AppStream
# metadata and the icons to PREFIX/share. Running it again replaces the previous version; the shop's data
# (in the user's data folder) is never touched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${1:-"$HOME/.local"}
target="$prefix/lib/comptoir"
if [ ! -x "$here/comptoir" ] || [ ! -d "$here/_internal" ]; then
    echo "Run the install.sh of a built bundle (dist/comptoir/install.sh), not the one in packaging/linux." >&2
    exit 1
fi

rm -rf "$target"
mkdir -p "$target" "$prefix/bin" "$prefix/share"
cp -R "$here/comptoir" "$here/_internal" "$target/"
ln -sf "$target/comptoir" "$prefix/bin/comptoir"
cp -R "$here/share/." "$prefix/share/"
# The menu entry starts the installed program by its full path: PREFIX/bin (~/.local/bin above all) is
# often not on the desktop session's PATH, and TryExec would then hide the entry.
entry="share/applications/fr.comptoir.Comptoir.desktop"
sed -e "s|^Exec=comptoir |Exec=\"$target/comptoir\" |" -e "s|^TryExec=comptoir\$|TryExec=$target/comptoir|" \
    "$here/$entry" > "$prefix/$entry"

# Menus and icon themes pick the new files up at once where these tools exist (they are optional).
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$prefix/share/applications" || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" || true
fi
echo "Comptoir is installed in $target."
case ":$PATH:" in
    *":$prefix/bin:"*) echo "Start it from the applications menu, or type: comptoir" ;;
    *) echo "Start it from the applications menu, or type: $prefix/bin/comptoir" ;;
esac
