package dev.dagflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and the Dockerfile hang together. No Docker engine runs in the test
 * environment, so instead of {@code docker compose config} this parses the YAML and checks
 * services, references, volumes and mounts against the files they name.
 */
class ComposeFileTest {
  private final Map<String, Object> compose = DeployFiles.yamlMap("docker-compose.yml");
  private final Map<String, Object> services = DeployFiles.map(compose.get("services"), "services");

  @Test
  void runsDagflowPostgresPrometheusAlertmanagerAndGrafana() {
    assertThat(services)
        .containsOnlyKeys("dagflow", "postgres", "prometheus", "alertmanager", "grafana");
  }

  @Test
  void everyServiceNamesAnImageOrABuild() {
    for (String name : services.keySet()) {
      assertThat(service(name).containsKey("image") || service(name).containsKey("build"))
          .as(name)
          .isTrue();
    }
  }

  @Test
  void dependenciesReferToDefinedServices() {
    for (String name : services.keySet()) {
      Object dependsOn = service(name).get("depends_on");
      List<String> targets = new ArrayList<>();
      if (dependsOn instanceof List<?> list) {
        list.forEach(d -> targets.add(String.valueOf(d)));
      } else if (dependsOn instanceof Map<?, ?> map) {
        map.keySet().forEach(d -> targets.add(String.valueOf(d)));
      }
      assertThat(services.keySet()).as(name + ".depends_on").containsAll(targets);
    }
  }

  @Test
  void namedVolumesAreDeclaredAndBindMountsExist() {
    Map<String, Object> declared = DeployFiles.map(compose.get("volumes"), "volumes");
    List<String> used = new ArrayList<>();
    for (String name : services.keySet()) {
      for (String mount : volumes(name)) {
        String source = mount.split(":")[0];
        if (source.startsWith(".") || source.startsWith("/")) {
          assertThat(DeployFiles.path(source)).as(name + " mounts " + source).exists();
        } else {
          used.add(source);
        }
      }
    }
    assertThat(declared.keySet()).containsExactlyInAnyOrderElementsOf(used);
  }

  @Test
  void dagflowIsBuiltFromSourceAndUsesTheComposePostgres() {
    Map<String, Object> dagflow = service("dagflow");
    Map<String, Object> build = DeployFiles.map(dagflow.get("build"), "dagflow.build");
    assertThat(
            DeployFiles.path(String.valueOf(build.get("context")))
                .resolve(String.valueOf(build.get("dockerfile"))))
        .isRegularFile();

    Map<String, Object> pg =
        DeployFiles.map(service("postgres").get("environment"), "postgres.environment");
    String expected =
        "postgresql://%s:%s@postgres:5432/%s"
            .formatted(pg.get("POSTGRES_USER"), pg.get("POSTGRES_PASSWORD"), pg.get("POSTGRES_DB"));
    assertThat(DeployFiles.map(dagflow.get("environment"), "dagflow.environment"))
        .containsEntry("DATABASE_URL", expected)
        .containsEntry("DATABASE_URL", "postgresql://dagflow:dagflow@postgres:5432/dagflow");
    assertThat(DeployFiles.list(dagflow.get("ports"), "dagflow.ports"))
        .contains("127.0.0.1:8003:8003");
  }

  @Test
  void prometheusLoadsTheShippedConfigScrapingDagflowAndAlertingAlertmanager() {
    assertThat(volumes("prometheus")).contains("./deploy/prometheus:/etc/prometheus:ro");
    assertThat(DeployFiles.list(service("prometheus").get("command"), "prometheus.command"))
        .contains("--config.file=/etc/prometheus/prometheus.yml");

    String config = DeployFiles.read("deploy/prometheus/prometheus.yml");
    assertThat(config)
        .contains(
            "job_name: 'dag-workflow-system'",
            "'dagflow:8003'",
            "'alertmanager:9093'",
            "- alerts.yml");
    assertThat(volumes("alertmanager")).contains("./deploy/alertmanager:/etc/alertmanager:ro");
    assertThat(DeployFiles.path("deploy/alertmanager/alertmanager.yml")).isRegularFile();
  }

  @Test
  void grafanaGetsTheProvisioningAndTheDashboardsWhereTheProviderLooks() {
    assertThat(volumes("grafana"))
        .contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro");
    Map<String, Object> provider =
        DeployFiles.map(
            DeployFiles.list(
                    DeployFiles.yamlMap("deploy/grafana/provisioning/dashboards/dagflow.yml")
                        .get("providers"),
                    "providers")
                .get(0),
            "provider");
    String path = String.valueOf(DeployFiles.map(provider.get("options"), "options").get("path"));

    assertThat(volumes("grafana")).contains("./deploy/grafana/dashboards:" + path + ":ro");
    Map<String, Object> datasource =
        DeployFiles.map(
            DeployFiles.list(
                    DeployFiles.yamlMap("deploy/grafana/provisioning/datasources/prometheus.yml")
                        .get("datasources"),
                    "datasources")
                .get(0),
            "datasource");
    assertThat(datasource)
        .containsEntry("url", "http://prometheus:9090")
        .containsEntry("type", "prometheus");
  }

  @Test
  void dockerfileBuildsWithAJdkRunsOnAJreAndChecksLiveness() {
    String dockerfile = DeployFiles.read("Dockerfile");

    assertThat(Pattern.compile("(?m)^FROM ").matcher(dockerfile).results().count())
        .isGreaterThanOrEqualTo(2);
    assertThat(dockerfile)
        .containsPattern("(?m)^FROM maven:\\S+-eclipse-temurin-(21|25) AS build$")
        .containsPattern("(?m)^FROM eclipse-temurin:(21|25)-jre$")
        .containsPattern("(?m)^EXPOSE 8003$")
        .containsPattern("(?s)HEALTHCHECK .*http://127\\.0\\.0\\.1:8003/health/live")
        .contains("-jar /opt/dagflow/dagflow.jar")
        .containsPattern("(?m)^CMD \\[\"server\"");
  }

  @Test
  void everyPathTheDockerfileCopiesExists() {
    var copy =
        Pattern.compile("(?m)^COPY (?!--from)(\\S+) ").matcher(DeployFiles.read("Dockerfile"));
    int copies = 0;
    while (copy.find()) {
      copies++;
      assertThat(Files.exists(DeployFiles.path(copy.group(1)))).as(copy.group(1)).isTrue();
    }
    assertThat(copies).isPositive();
  }

  private Map<String, Object> service(String name) {
    return DeployFiles.map(services.get(name), "services." + name);
  }

  private List<String> volumes(String name) {
    Object volumes = service(name).get("volumes");
    return volumes == null
        ? List.of()
        : DeployFiles.list(volumes, name + ".volumes").stream().map(String::valueOf).toList();
  }
}
