package dev.dagflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Kubernetes manifests wire probes, Service and ServiceMonitor to each other. */
class KubernetesManifestsTest {
  private final Map<String, Object> deployment =
      DeployFiles.yamlMap("deploy/kubernetes/deployment.yaml");
  private final Map<String, Object> service = DeployFiles.yamlMap("deploy/kubernetes/service.yaml");
  private final Map<String, Object> monitor =
      DeployFiles.yamlMap("deploy/kubernetes/servicemonitor.yaml");

  @Test
  void deploymentProbesStartupReadinessAndLivenessOnTheirEndpoints() {
    Map<String, Object> container = container();

    assertThat(probePath(container, "startupProbe")).isEqualTo("/health/startup");
    assertThat(probePath(container, "readinessProbe")).isEqualTo("/health/ready");
    assertThat(probePath(container, "livenessProbe")).isEqualTo("/health/live");
    Map<String, Object> port =
        DeployFiles.map(DeployFiles.list(container.get("ports"), "ports").get(0), "port");
    assertThat(port).containsEntry("name", "http").containsEntry("containerPort", 8003);
  }

  @Test
  void deploymentTakesTheDatabaseUrlFromASecret() {
    List<Object> env = DeployFiles.list(container().get("env"), "env");

    assertThat(env)
        .anySatisfy(
            e ->
                assertThat(DeployFiles.map(e, "env"))
                    .containsEntry("name", "DATABASE_URL")
                    .containsKey("valueFrom"));
  }

  @Test
  void serviceSelectsTheDeploymentsPods() {
    Map<String, Object> podLabels =
        DeployFiles.map(
            DeployFiles.map(
                    DeployFiles.map(spec(deployment).get("template"), "template").get("metadata"),
                    "metadata")
                .get("labels"),
            "labels");

    assertThat(podLabels)
        .containsAllEntriesOf(DeployFiles.map(spec(service).get("selector"), "selector"));
  }

  @Test
  void serviceMonitorScrapesTheServiceWithTheSeedsJobName() {
    Map<String, Object> serviceLabels =
        DeployFiles.map(
            DeployFiles.map(service.get("metadata"), "metadata").get("labels"), "labels");
    Map<String, Object> selector = DeployFiles.map(spec(monitor).get("selector"), "selector");
    assertThat(serviceLabels)
        .containsAllEntriesOf(DeployFiles.map(selector.get("matchLabels"), "matchLabels"));

    Map<String, Object> endpoint =
        DeployFiles.map(
            DeployFiles.list(spec(monitor).get("endpoints"), "endpoints").get(0), "endpoint");
    assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/metrics");
    assertThat(DeployFiles.list(endpoint.get("relabelings"), "relabelings"))
        .anySatisfy(
            r ->
                assertThat(DeployFiles.map(r, "relabeling"))
                    .containsEntry("targetLabel", "job")
                    .containsEntry("replacement", "dag-workflow-system"));
  }

  @Test
  void kustomizationListsEveryManifest() {
    List<Object> resources =
        DeployFiles.list(
            DeployFiles.yamlMap("deploy/kubernetes/kustomization.yaml").get("resources"),
            "resources");

    assertThat(resources)
        .containsExactlyInAnyOrder(
            "deployment.yaml",
            "service.yaml",
            "servicemonitor.yaml",
            "prometheusrule.yaml",
            "slo-prometheusrule.yaml");
    resources.forEach(r -> assertThat(DeployFiles.path("deploy/kubernetes/" + r)).isRegularFile());
  }

  private Map<String, Object> container() {
    Map<String, Object> template = DeployFiles.map(spec(deployment).get("template"), "template");
    Map<String, Object> podSpec = DeployFiles.map(template.get("spec"), "template.spec");
    return DeployFiles.map(
        DeployFiles.list(podSpec.get("containers"), "containers").get(0), "container");
  }

  private static Map<String, Object> spec(Map<String, Object> manifest) {
    return DeployFiles.map(manifest.get("spec"), "spec");
  }

  private static String probePath(Map<String, Object> container, String probe) {
    Map<String, Object> httpGet =
        DeployFiles.map(DeployFiles.map(container.get(probe), probe).get("httpGet"), "httpGet");
    assertThat(httpGet).as(probe).containsEntry("port", "http");
    return String.valueOf(httpGet.get("path"));
  }
}
