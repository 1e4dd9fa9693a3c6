# Shared by the recipes: a checksum recorded beside every file they cache (FILE.sha256, sha256sum's format), so
# that a corrupt or truncated binary or image is found and built again instead of failing later. Needs say().

# intact FILE: true when FILE matches the checksum recorded beside it (FILE.sha256, sha256sum's format) when it was
# built. A file cached before checksums were recorded gets one now (said once); a mismatch (corrupt or truncated)
# removes the file, so that it is built again. The record carries the file's modification time once written or
# checked: while the two times are the same, the file has not been written since and is not hashed again (any write,
# a truncation included, gives the file a new time). HarnessCache.isIntact keeps the same rule.
intact() {
  local file=$1 dir base
  dir=$(dirname "$file"); base=$(basename "$file")
  [ -e "$file" ] || return 1
  if [ ! -f "$file.sha256" ]; then
    say "$base: recording the checksum of a file cached before checksums were kept"
    record "$file"
    return 0
  fi
  if [ "$(stat -c %y "$file")" = "$(stat -c %y "$file.sha256")" ]; then return 0; fi
  if (cd "$dir" && sha256sum --check --status "$base.sha256"); then touch -r "$file" "$file.sha256"; return 0; fi
  say "$base: does not match the checksum recorded when it was built (corrupt or truncated): building it again"
  rm -f "$file" "$file.sha256"
  return 1
}

# record FILE: records FILE's checksum beside it (FILE.sha256, with FILE's modification time), for intact.
record() {
  local dir base
  dir=$(dirname "$1"); base=$(basename "$1")
  (cd "$dir" && sha256sum "$base" > "$base.sha256.partial" && touch -r "$base" "$base.sha256.partial" \
     && mv "$base.sha256.partial" "$base.sha256")
}

# recorded_sha256 FILE: FILE's SHA-256, from its record while the record has the file's time (see intact), else hashed.
recorded_sha256() {
  if [ -f "$1.sha256" ] && [ "$(stat -c %y "$1")" = "$(stat -c %y "$1.sha256")" ]; then cut -d' ' -f1 "$1.sha256"
  else sha256sum "$1" | cut -d' ' -f1; fi
}
