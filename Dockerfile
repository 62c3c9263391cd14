# syntax=docker/dockerfile:1
# dagflow server image: built from source with Maven on a Temurin 21 JDK, run on a Temurin 21 JRE.
#   docker build -t dagflow:0.1.0 .
#   docker run -p 8003:8003 dagflow:0.1.0                       # embedded H2 under /var/lib/dagflow
#   docker run -p 8003:8003 -e DATABASE_URL=postgresql://user:pass@db:5432/dagflow dagflow:0.1.0

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
# Only what the build reads; the BuildKit cache mount keeps ~/.m2 between builds.
COPY pom.xml ./
COPY .mvn/ .mvn/
COPY dagflow-metrics/pom.xml dagflow-metrics/
COPY dagflow-engine/pom.xml dagflow-engine/
COPY dagflow-store/pom.xml dagflow-store/
COPY dagflow-server/pom.xml dagflow-server/
COPY dagflow-cli/pom.xml dagflow-cli/
COPY dagflow-bench/pom.xml dagflow-bench/
COPY dagflow-metrics/src dagflow-metrics/src
COPY dagflow-engine/src dagflow-engine/src
COPY dagflow-store/src dagflow-store/src
COPY dagflow-server/src dagflow-server/src
COPY dagflow-cli/src dagflow-cli/src
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -q -pl dagflow-cli -am package -DskipTests -Dspotless.skip=true \
 && cp dagflow-cli/target/dagflow.jar /dagflow.jar

FROM eclipse-temurin:21-jre
# curl serves the HEALTHCHECK only.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/dagflow --create-home dagflow
WORKDIR /opt/dagflow
COPY --from=build /dagflow.jar /opt/dagflow/dagflow.jar
COPY examples/ /opt/dagflow/workflows/
USER dagflow
# Like bin/dagflow: a bounded heap keeps resident memory under the 2 GB HighMemoryUsage alert.
ENV DAGFLOW_JAVA_OPTS="-Xmx1g -XX:+UseG1GC"
EXPOSE 8003
VOLUME ["/var/lib/dagflow"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8003/health/live || exit 1
# `exec` makes the JVM PID 1, so SIGTERM reaches it and shutdown is graceful.
ENTRYPOINT ["sh", "-c", "exec java $DAGFLOW_JAVA_OPTS -jar /opt/dagflow/dagflow.jar \"$@\"", "dagflow"]
# The examples are in /opt/dagflow/workflows; some use `shell` nodes, so registering them takes
# `server --workflows-dir /opt/dagflow/workflows --allow-shell` (as docker-compose.yml does).
CMD ["server", "--host", "0.0.0.0", "--port", "8003", "--data-dir", "/var/lib/dagflow"]
