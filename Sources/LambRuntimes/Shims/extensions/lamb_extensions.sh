#!/bin/sh
# Lamb's launcher of a function's external extensions, run in the environment in front of the runtime.
# Usage: lamb_extensions.sh EXTENSIONS-DIR TOKEN RUNTIME [ARGS...]
#
# Every executable file in EXTENSIONS-DIR (/opt/extensions, from the function's layers) starts in the background,
# as Lambda starts extensions before the runtime; then the runtime replaces this shell. When an extension ends, a
# line "TOKEN NAME STATUS" on stderr tells Lamb (which keeps it out of the function's log): an extension that ends
# before the environment shuts down has crashed (Extension.Crash).
dir=$1
token=$2
shift 2
for extension in "$dir"/*; do
    [ -f "$extension" ] && [ -x "$extension" ] || continue
    name=${extension##*/}
    ( "$extension"; echo "$token $name $?" >&2 ) &
done
exec "$@"
