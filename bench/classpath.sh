# Sourced by the bench scripts that run classes from src/test/java: compiles main and test classes
# offline into BUILD_DIR and sets CLASSPATH to them and every dependency. Run from the repository.
./mvnw -q -B -o -Dresidual.build.dir="$BUILD_DIR" test-compile
./mvnw -q -B -o -Dresidual.build.dir="$BUILD_DIR" dependency:build-classpath \
  -Dmdep.outputFile="$BUILD_DIR/bench-classpath.txt" >/dev/null
CLASSPATH="$BUILD_DIR/test-classes:$BUILD_DIR/classes:$(cat "$BUILD_DIR/bench-classpath.txt")"
