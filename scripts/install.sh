#!/bin/sh
# Installs or removes fmnist-tui under a prefix, for `make install`, `make uninstall` and `make deb`.
#   scripts/install.sh install PREFIX     the binary, themes, bash/zsh/fish completions and the man page
#   scripts/install.sh uninstall PREFIX   removes exactly those files (and the themes folder once empty)
#   scripts/install.sh check PREFIX       fails with a clear message when PREFIX is not writable
# $DESTDIR is put in front of every path (a staging root, as `make deb` uses). `install` takes the
# statically linked binary and the manual generator from $RELEASE_DIR (default .build-release/; `make release-files`
# builds them).
set -eu
cd "$(dirname "$0")/.."
action=${1:?usage: install.sh install|uninstall|check PREFIX}
prefix=${2:?usage: install.sh install|uninstall|check PREFIX}
root=${DESTDIR:-}
release=${RELEASE_DIR:-.build-release}
generated=$release/generated

# Debian's zsh reads /usr/share/zsh/vendor-completions for packages, site-functions under /usr/local.
if [ "$prefix" = /usr ]; then zsh_dir=share/zsh/vendor-completions; else zsh_dir=share/zsh/site-functions; fi

# One line per installed file: source, destination under the prefix, mode.
files() {
    echo "$release/release/fmnist-tui bin/fmnist-tui 755"
    for theme in themes/*.theme; do echo "$theme share/fmnist-tui/$theme 644"; done
    echo "$generated/fmnist-tui.bash share/bash-completion/completions/fmnist-tui 644"
    echo "$generated/_fmnist-tui $zsh_dir/_fmnist-tui 644"
    echo "$generated/fmnist-tui.fish share/fish/vendor_completions.d/fmnist-tui.fish 644"
    echo "$generated/fmnist-tui.1.gz share/man/man1/fmnist-tui.1.gz 644"
}

# Stops with a clear message when a destination folder (or the first existing one above it) is not writable.
check_writable() {
    files | while read -r _ destination _; do
        folder=$(dirname "$root$prefix/$destination")
        while [ ! -d "$folder" ]; do folder=$(dirname "$folder"); done
        if [ ! -w "$folder" ]; then
            echo "make $action: cannot write to $folder (permission denied)." >&2
            echo "  Run it as root (sudo make $action), or pick a prefix you own: make $action PREFIX=\$HOME/.local" >&2
            exit 1
        fi
    done
}

generate() {
    binary=$release/release/fmnist-tui
    mkdir -p "$generated"
    for shell in bash zsh fish; do
        "$binary" --generate-completion-script "$shell" > "$generated/completion.$shell"
    done
    mv "$generated/completion.bash" "$generated/fmnist-tui.bash"
    mv "$generated/completion.zsh" "$generated/_fmnist-tui"
    mv "$generated/completion.fish" "$generated/fmnist-tui.fish"
    # The manual of every subcommand on one page, dated by the commit (reproducible), else today.
    date=$(git log -1 --format=%cs 2>/dev/null || date +%F)
    "$release/tools/release/generate-manual" "$binary" --date "$date" \
        --authors "fmnist-tui developers<dev@fmnist-tui.invalid>" --output-directory "$generated"
    gzip -9nf "$generated/fmnist-tui.1"
}

case "$action" in
check)
    check_writable
    ;;
install)
    [ -x "$release/release/fmnist-tui" ] || { echo "no $release/release/fmnist-tui: run make release-files first" >&2; exit 1; }
    check_writable
    generate
    files | while read -r source destination mode; do
        install -D -m "$mode" "$source" "$root$prefix/$destination"
        echo "installed $root$prefix/$destination"
    done
    strip "$root$prefix/bin/fmnist-tui"
    ;;
uninstall)
    check_writable
    files | while read -r _ destination _; do
        if [ -e "$root$prefix/$destination" ]; then
            rm -f "$root$prefix/$destination"
            echo "removed $root$prefix/$destination"
        fi
    done
    rmdir "$root$prefix/share/fmnist-tui/themes" "$root$prefix/share/fmnist-tui" 2>/dev/null || true
    ;;
*)
    echo "usage: install.sh install|uninstall|check PREFIX" >&2
    exit 2
    ;;
esac
