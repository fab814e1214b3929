#!/bin/bash
# Started by Lamb instead of a custom runtime's bootstrap when there is none (neither the code's nor a layer's):
# reports Runtime.InvalidEntrypoint through /runtime/init/error, as Lambda does, and exits. It speaks HTTP through
# bash's /dev/tcp because it cannot count on curl being installed.
#
# Usage: invalid_entrypoint.sh PATH...   (the places a bootstrap was looked for)
message="Couldn't find valid bootstrap(s): [$*]"
echo "$message" >&2
body="{\"errorType\":\"Runtime.InvalidEntrypoint\",\"errorMessage\":\"${message}\"}"
host="${AWS_LAMBDA_RUNTIME_API%:*}"
port="${AWS_LAMBDA_RUNTIME_API##*:}"
if exec 3<>"/dev/tcp/${host}/${port}"; then
    printf 'POST /2018-06-01/runtime/init/error HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n' "$host" >&3
    printf 'Lambda-Runtime-Function-Error-Type: Runtime.InvalidEntrypoint\r\n' >&3
    printf 'Content-Length: %d\r\nConnection: close\r\n\r\n%s' "${#body}" "$body" >&3
    read -r _ <&3
fi
exit 1
