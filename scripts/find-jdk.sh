# Sourced by ./mvnw, ./hush and .ci/run. Hush needs a JDK >= 21; many machines still
# default to an older java. If JAVA_HOME (or the java on PATH) is too old, look in the
# usual install folders for a newer JDK and export JAVA_HOME to it.
hush_java_major() {
  # prints the major version of the java binary in $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9.]*\).*/\1/p' | sed 's/^1\.//; s/\..*//' | head -n 1
}

hush_find_jdk() {
  local min=21 candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(hush_java_major "$JAVA_HOME/bin/java")
    [ -n "$major" ] && [ "$major" -ge "$min" ] && return 0
  elif command -v java >/dev/null 2>&1; then
    major=$(hush_java_major "$(command -v java)")
    [ -n "$major" ] && [ "$major" -ge "$min" ] && return 0
  fi
  case $- in *f*) set +f; local restore_noglob=1 ;; esac
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(hush_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      [ -n "${restore_noglob:-}" ] && set -f
      return 0
    fi
  done
  [ -n "${restore_noglob:-}" ] && set -f
  echo "Hush needs a JDK 21 or newer (found ${major:-none}). Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 25, and set JAVA_HOME." >&2
  return 1
}
