# dagflow — build, run and test. Every target uses a JDK >= 21, found under JAVA_HOME or /usr/lib/jvm.
SHELL := /bin/bash
JAVA_HOME := $(shell bin/find-jdk)
export JAVA_HOME
export PATH := $(JAVA_HOME)/bin:$(PATH)
MVN ?= mvn -B -ntp
JAR := dagflow-cli/target/dagflow.jar

.PHONY: build run test bench bench-metrics bench-soak format clean prometheus-rule screenshots

build:
	$(MVN) -q install -DskipTests

run: build
	bin/dagflow server --host 127.0.0.1 --port 8003 --data-dir ./data --workflows-dir examples --allow-shell

test:
	$(MVN) verify

# BENCH_ARGS configures the engine benchmark (bin/dagflow-bench --help), API_BENCH_ARGS the API one
# (bin/dagflow-api-bench --help), e.g. BENCH_ARGS="--scenarios chain --stores pg" (see docs/performance.md).
# On PostgreSQL the engine benchmark also prints fan-out and chain on two engines sharing one schema
# ('pg x2', next to the single instance; --instances 1 leaves it out) and the cross-instance hop
# (scenario cross-hop: one instance, two woken by NOTIFY, two polling only; a few seconds each).
# FOOTPRINT_RUNS sets the runs of each bytes-per-run line (2- and 12-node, file H2 and PostgreSQL);
# SOAK_RUNS the soak's runs on file H2, once keeping every run and once with a 30 s retention
# (the issue's full soak is SOAK_RUNS=500000: about an hour per line on 2 cores).
FOOTPRINT_RUNS ?= 3000
SOAK_RUNS ?= 20000
bench:
	$(MVN) -q -pl dagflow-bench -am package -DskipTests
	bin/dagflow-bench $(BENCH_ARGS)
	@command -v wrk >/dev/null || echo "bench: wrk is not installed (apt-get install wrk); the API benchmark skips its submit figure"
	bin/dagflow-api-bench $(API_BENCH_ARGS)
	@for store in h2-file pg; do for nodes in 2 12; do \
	  bin/dagflow-soak --store $$store --nodes $$nodes --runs $(FOOTPRINT_RUNS) --every $(FOOTPRINT_RUNS) | grep '^footprint'; \
	done; done
	bin/dagflow-soak --store h2-file --runs $(SOAK_RUNS) --every $$(( $(SOAK_RUNS) / 10 )) --retention 0
	bin/dagflow-soak --store h2-file --runs $(SOAK_RUNS) --every $$(( $(SOAK_RUNS) / 10 )) --retention 30s

# The footprint soak: heap after GC, RSS and database size while runs pass (docs/performance.md),
# e.g. SOAK_ARGS="--store pg --runs 500000 --retention 30s"
bench-soak:
	$(MVN) -q -pl dagflow-bench -am package -DskipTests
	bin/dagflow-soak $(SOAK_ARGS)

# The metrics hot-path JMH benchmarks (recordNodeComplete vs raw client_java; a 10,000-series scrape)
bench-metrics:
	$(MVN) -q -pl dagflow-bench -am package -DskipTests
	$(JAVA_HOME)/bin/java -jar dagflow-bench/target/dagflow-bench.jar 'RecordNodeCompleteBenchmark|ScrapeBenchmark' -f 1 -wi 2 -i 5 -w 1s -r 1s

# Screenshots of the UI's main pages, light and dark, into docs/ui/ (needs chromium + chromium-driver)
screenshots:
	DAGFLOW_SCREENSHOTS=$(CURDIR)/docs/ui $(MVN) -q -pl dagflow-server -am verify -Dtest=UiScreenshots -Dsurefire.failIfNoSpecifiedTests=false

format:
	$(MVN) -q spotless:apply

clean:
	$(MVN) -q clean

# Regenerates deploy/kubernetes/prometheusrule.yaml from deploy/prometheus/alerts.yml.
prometheus-rule:
	deploy/kubernetes/generate-prometheusrule.sh
