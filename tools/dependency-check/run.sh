#!/usr/bin/env bash
# Builds and runs the README's program as a separate Maven project that knows fer4j only through its dependency lines,
# offline (-o): everything must come from the local repository that `./mvnw install` filled.
# Usage: tools/dependency-check/run.sh [photo]   (default: ../shared/data/photos/two_people.jpg)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
photo="${1:-$root/../shared/data/photos/two_people.jpg}"
(cd "$root" && ./mvnw -q -B -DskipTests -Dai.djl.offline=true install)
cd "$here"
"$root/mvnw" -q -B -o org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=target/classpath.txt
"$root/mvnw" -q -B -o package
java -Dai.djl.offline=true -cp "target/faces-1.0.jar:$(cat target/classpath.txt)" Faces "$photo"
