#!/bin/sh
# The formatting rules of .editorconfig that a build can check cheaply, over the repository's files (git's list of
# tracked and new files, so build output is never looked at). Run by the root pom at validate (mvn verify):
#   - no CR line endings, a final newline, no trailing whitespace (Markdown may end a line with two spaces);
#   - no tabs in Java, C, C++ and XML files (bnd writes tabs into -runbundles, so .bndrun files may have them);
#   - lines of Java, C and C++ files at most 120 characters.
# Exempt: the final newline of .bndrun files (bnd-resolver-maven-plugin rewrites them without one) and the
# trailing whitespace of .txt files (recorded program output, e.g. addon.conformance's node-expected/).
# cnf/format-baseline.txt lists files with long lines from before this check, each with how many it may keep:
# such a file fails when it gets more; wrap its lines when you work on it and lower (or drop) its count.
# Prints every violation as file:line: reason, and exits 1 if there is one. Argument: the repository root.
set -eu
cd "${1:-.}"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  list_files() { git ls-files --cached --others --exclude-standard; }
else
  list_files() { find . -path ./.git -prune -o -name target -prune -o -type f -print | sed 's|^\./||'; }
fi
max=120
baseline=cnf/format-baseline.txt
[ -f "$baseline" ] || baseline=/dev/null
report=$(mktemp)
trap 'rm -f "$report"' EXIT
list_files | while IFS= read -r file; do
  [ -f "$file" ] || continue
  case "$file" in
    *.java|*.c|*.h|*.cc) kind=code ;;
    *.xml) kind=xml ;;
    *.md) kind=markdown ;;
    *.bndrun) kind=bndrun ;;
    *.txt) kind=data ;;
    *.bnd|*.sh|*.properties|*.js|*.mjs|*.yml|*.yaml|*.json|*.config|.editorconfig|.clang-format|.gitignore|.ci/run)
      kind=text ;;
    *) continue ;;
  esac
  [ -s "$file" ] || continue
  if [ "$kind" != bndrun ] && [ "$(tail -c 1 "$file" | od -An -c | tr -d ' ')" != '\n' ]; then
    echo "$file: no newline at the end of the file"
  fi
  allowed=$(awk -v file="$file" '$1 == file { print $2 }' "$baseline")
  awk -v file="$file" -v kind="$kind" -v max="$max" -v allowed="${allowed:-0}" '
    /\r$/ { print file ":" FNR ": CR line ending"; next }
    kind != "markdown" && kind != "data" && /[ \t]+$/ { print file ":" FNR ": trailing whitespace" }
    (kind == "code" || kind == "xml") && /\t/ { print file ":" FNR ": tab (indent with spaces)" }
    kind == "code" && length($0) > max { long[++n] = file ":" FNR ": " length($0) " characters (at most " max ")" }
    END {
      if (n > allowed) {
        for (i = 1; i <= n; i++) print long[i]
        if (allowed > 0) print file ": " n " lines over " max " characters, cnf/format-baseline.txt allows " allowed
      }
    }
  ' "$file"
done > "$report"
if [ -s "$report" ]; then
  cat "$report"
  echo "check-format: $(wc -l < "$report") violation(s) of .editorconfig, listed above" >&2
  exit 1
fi
echo "check-format: no violations of .editorconfig"
