# The handler of the shell example: "function.handler".
#
# Variables set outside a function live as long as the execution environment: COUNT grows over warm invocations
# and starts again at 0 after a cold start.
COUNT=0

handler() {
    EVENT="$1"
    COUNT=$((COUNT + 1))
    echo "invocation $COUNT, event: $EVENT" >&2
    NAME=$(printf '%s' "$EVENT" | sed -n 's/.*"name"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')
    if [ -z "$NAME" ]; then
        echo "the event has no \"name\""
        return 1
    fi
    printf '{"greeting":"hello %s","invocation":%d}' "$NAME" "$COUNT"
}
