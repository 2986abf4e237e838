# syntax=docker/dockerfile:1
# The httpbench runner as an image: built from this repository with Maven, run on a Java 17 JRE.
#   docker build -t httpbench:0.1.0-SNAPSHOT .
#   docker run --rm -v "$PWD/results:/results" httpbench:0.1.0-SNAPSHOT --base-url http://host:3000 --duration 30s
#   docker run --rm -v "$PWD/results:/results" httpbench:0.1.0-SNAPSHOT merge /results/shard-0 /results/shard-1
# The entrypoint is the runner (its options follow the image name); reports go to /results.
# deploy/compose.yaml adds the generator's kernel and file limits; `httpbench k8s` prints a Kubernetes Job.
# DeploymentFilesTest checks that the jar copied below is the one the build makes and the entrypoint runs.

# Build stage: Java 17 as maven.compiler.release, Maven 3.9 (the enforcer wants 3.8+).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# the local Maven repository stays in BuildKit's cache between builds
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -pl benchmark-cli -am package -DskipTests

# Run stage: a JRE only, and a user without privileges (the Kubernetes Job runs as 10001 too).
FROM eclipse-temurin:17-jre
RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin httpbench \
    && mkdir -p /results && chown 10001 /results
COPY --from=build /src/benchmark-cli/target/httpbench.jar /opt/httpbench/httpbench.jar
USER 10001
WORKDIR /results
ENV OUTPUT_DIR=/results
VOLUME /results
# 75 % of the container's memory for the heap: the default 25 % starves a generator with a memory limit
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/httpbench/httpbench.jar"]
