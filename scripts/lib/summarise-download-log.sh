# Sourced by scripts/install-tfjs-node.sh (and its test): turns the log of tfjs-node's failed download
# (a Node stack trace ending in `code: 'ENOTFOUND'`, `hostname: …`, `Node.js v20…`) into one sentence.
#
#   summarise_download_log LOG [EXIT_STATUS]
#
# Prints e.g. "could not reach https://storage.googleapis.com/…/libtensorflow-cpu-linux-x86_64-2.9.1.tar.gz
# (getaddrinfo ENOTFOUND storage.googleapis.com)". EXIT_STATUS 124 (from `timeout`) says it timed out.
summarise_download_log() {
  local log=$1 status=${2:-1} url error code host
  url=$(grep -m1 -oE 'https?://[^ ]+' "$log" 2>/dev/null || true)
  # Node prints the thrown error as "Error: getaddrinfo ENOTFOUND host" (or "FetchError: …", "AbortError: …").
  error=$(grep -m1 -E '^[A-Za-z]*Error: ' "$log" 2>/dev/null | sed -E 's/^[A-Za-z]*Error: //' || true)
  if [ -z "$error" ]; then
    code=$(grep -m1 -oE "code: '[^']+'" "$log" 2>/dev/null | sed -E "s/code: '(.*)'/\1/" || true)
    host=$(grep -m1 -oE "hostname: '[^']+'" "$log" 2>/dev/null | sed -E "s/hostname: '(.*)'/\1/" || true)
    error=$(printf '%s %s' "$code" "$host" | sed -E 's/^ +| +$//g')
  fi
  if [ "$status" = 124 ]; then
    printf 'the download of %s timed out' "${url:-libtensorflow}"
  elif [ -n "$error" ]; then
    printf 'could not reach %s (%s)' "${url:-the libtensorflow download}" "$error"
  else
    printf "tfjs-node's install script failed (exit %s) without a recognisable network error" "$status"
  fi
  printf '\n'
}
