// deploy/: each kustomize overlay renders with `kubectl kustomize`, and what it renders is what a
// cluster needs: the config it ships loads and uses the pod's service account, the pod is locked down
// and probed on the listener the config opens, the Roles grant every call lecter makes and nothing
// more, and only the base runs lecter.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "lecter/config/config_loader.h"
#include "support/common/subprocess.h"

namespace lecter {
namespace {

using testing::runToCompletion;

const std::string kDeploy = std::string(LECTER_SOURCE_DIR) + "/deploy/";

/// The documents `kubectl kustomize deploy/OVERLAY` prints; a failure names the overlay and why.
std::vector<YAML::Node> rendered(const std::string& overlay) {
  const auto result = runToCompletion({"kubectl", "kustomize", kDeploy + overlay});
  if (result.exit_code != 0) {
    ADD_FAILURE() << "kubectl kustomize deploy/" << overlay << " exited " << result.exit_code << ": "
                  << result.err << result.out << " (scripts/install-deps.sh --with-tests installs kubectl)";
    return {};
  }
  EXPECT_EQ(result.err, "") << "kubectl kustomize deploy/" << overlay << " warned";
  return YAML::LoadAll(result.out);
}

std::vector<YAML::Node> ofKind(const std::vector<YAML::Node>& documents, const std::string& kind) {
  std::vector<YAML::Node> found;
  for (const YAML::Node& document : documents)
    if (document["kind"] && document["kind"].as<std::string>() == kind) found.push_back(document);
  return found;
}

YAML::Node theOne(const std::vector<YAML::Node>& documents, const std::string& kind,
                  const std::string& overlay) {
  const auto found = ofKind(documents, kind);
  if (found.size() != 1) {
    ADD_FAILURE() << "deploy/" << overlay << " renders " << found.size() << " " << kind << ", expected one";
    return YAML::Node();
  }
  return found[0];
}

/// The scalar at `path` under `node`, or "<missing>" where the path ends early (so that a missing
/// field fails an expectation that names it, instead of throwing from yaml-cpp).
std::string valueAt(const YAML::Node& root, std::initializer_list<const char*> path) {
  YAML::Node node = YAML::Clone(root);  // walked with reset(): a yaml-cpp `node = child` writes into node
  for (const char* key : path) {
    if (!node.IsMap() || !node[key]) return "<missing>";
    node.reset(node[key]);
  }
  return node.IsScalar() ? node.as<std::string>() : "<not a scalar>";
}

std::string namespaceOf(const YAML::Node& object) {
  return object["metadata"]["namespace"] ? object["metadata"]["namespace"].as<std::string>() : "";
}

/// The verbs `rules` grant on resource `resource` of API group `group`.
std::set<std::string> grantedVerbs(const YAML::Node& rules, const std::string& group,
                                   const std::string& resource) {
  std::set<std::string> verbs;
  for (const YAML::Node& rule : rules) {
    const auto groups = rule["apiGroups"].as<std::vector<std::string>>();
    const auto resources = rule["resources"].as<std::vector<std::string>>();
    if (std::find(groups.begin(), groups.end(), group) == groups.end()) continue;
    if (std::find(resources.begin(), resources.end(), resource) == resources.end()) continue;
    for (const auto& verb : rule["verbs"].as<std::vector<std::string>>()) verbs.insert(verb);
  }
  return verbs;
}

/// Every call lecter makes, in either mode (kube/ has one client call per line here), and nothing else.
void expectGrantsExactlyLectersCalls(const YAML::Node& rules, const std::string& what) {
  const std::set<std::string> endpoints = grantedVerbs(rules, "", "endpoints");
  EXPECT_EQ(endpoints, (std::set<std::string>{"get", "list", "watch", "create", "update"})) << what;
  const std::set<std::string> slices = grantedVerbs(rules, "discovery.k8s.io", "endpointslices");
  EXPECT_EQ(slices, (std::set<std::string>{"get", "list", "watch", "create", "update", "delete"})) << what;
  EXPECT_EQ(grantedVerbs(rules, "", "services"), (std::set<std::string>{"get", "list", "watch"})) << what;
  EXPECT_EQ(grantedVerbs(rules, "", "events"), (std::set<std::string>{"create"})) << what;
  EXPECT_TRUE(grantedVerbs(rules, "", "secrets").empty()) << what;
  EXPECT_TRUE(grantedVerbs(rules, "", "pods").empty()) << what;
}

Config shippedConfig(const std::vector<YAML::Node>& base) {
  const YAML::Node map = theOne(base, "ConfigMap", "base");
  return loadConfigText(map["data"]["config.yaml"].as<std::string>(), "deploy/base/config.yaml").config;
}

TEST(DeployManifest, TheBaseRunsTwoReplicasInItsOwnNamespaceThatElectOneWriter) {
  const auto base = rendered("base");
  ASSERT_FALSE(base.empty());
  EXPECT_EQ(theOne(base, "Namespace", "base")["metadata"]["name"].as<std::string>(), "lecter");
  for (const char* kind : {"ServiceAccount", "ConfigMap", "Deployment"}) {
    const YAML::Node object = theOne(base, kind, "base");
    EXPECT_EQ(namespaceOf(object), "lecter") << kind;
    EXPECT_EQ(object["metadata"]["name"].as<std::string>(), "lecter") << kind;
  }
  const YAML::Node spec = theOne(base, "Deployment", "base")["spec"];
  EXPECT_EQ(spec["replicas"].as<int>(), 2) << "one pod is a single point of failure";
  EXPECT_EQ(spec["strategy"]["type"].as<std::string>(), "RollingUpdate");
  EXPECT_EQ(valueAt(spec, {"strategy", "rollingUpdate", "maxUnavailable"}), "0")
      << "a rolling update must leave a replica to lead";
  EXPECT_EQ(spec["template"]["spec"]["serviceAccountName"].as<std::string>(), "lecter");
  // Two replicas are safe only because they elect one writer.
  EXPECT_TRUE(shippedConfig(base).kubernetes.leader_election.enabled);
}

TEST(DeployManifest, TheBaseGrantsTheLeaseRightsInLectersOwnNamespaceOnly) {
  const auto base = rendered("base");
  const YAML::Node role = theOne(base, "Role", "base");
  EXPECT_EQ(namespaceOf(role), "lecter");
  EXPECT_EQ(grantedVerbs(role["rules"], "coordination.k8s.io", "leases"),
            (std::set<std::string>{"get", "list", "create", "update"}));
  ASSERT_EQ(role["rules"].size(), 1U) << "the base Role is for the Lease alone";
  const YAML::Node binding = theOne(base, "RoleBinding", "base");
  EXPECT_EQ(namespaceOf(binding), "lecter");
  EXPECT_EQ(binding["roleRef"]["name"].as<std::string>(), role["metadata"]["name"].as<std::string>());
  EXPECT_EQ(binding["subjects"][0]["name"].as<std::string>(), "lecter");
  EXPECT_EQ(binding["subjects"][0]["namespace"].as<std::string>(), "lecter");
}

TEST(DeployManifest, TheConfigItShipsLoadsAndUsesThePodsServiceAccount) {
  const Config config = shippedConfig(rendered("base"));
  EXPECT_FALSE(config.services.empty());
  // In a pod the in-cluster address, token and CA are used: the shipped config must not pin them.
  EXPECT_TRUE(config.kubernetes.url.empty());
  EXPECT_TRUE(config.kubernetes.ca_file.empty());
  EXPECT_EQ(config.kubernetes.token_paths,
            std::vector<std::string>{"/var/run/secrets/kubernetes.io/serviceaccount/token"});
}

TEST(DeployManifest, ThePodIsLockedDown) {
  const YAML::Node pod = theOne(rendered("base"), "Deployment", "base")["spec"]["template"]["spec"];
  EXPECT_EQ(valueAt(pod, {"securityContext", "runAsNonRoot"}), "true");
  // runAsNonRoot can only be checked against a numeric user: the image's 10001.
  EXPECT_EQ(valueAt(pod, {"securityContext", "runAsUser"}), "10001");
  EXPECT_EQ(valueAt(pod, {"securityContext", "seccompProfile", "type"}), "RuntimeDefault");
  ASSERT_TRUE(pod["containers"].IsSequence());
  const YAML::Node container = pod["containers"][0];
  EXPECT_EQ(valueAt(container, {"imagePullPolicy"}), "IfNotPresent") << "kind and minikube load images";
  EXPECT_EQ(valueAt(container, {"securityContext", "allowPrivilegeEscalation"}), "false");
  EXPECT_EQ(valueAt(container, {"securityContext", "readOnlyRootFilesystem"}), "true");
  const YAML::Node drop = container["securityContext"]["capabilities"]["drop"];
  EXPECT_TRUE(drop.IsSequence() && drop.size() == 1 && drop[0].as<std::string>() == "ALL");
  for (const char* part : {"requests", "limits"}) {
    EXPECT_NE(valueAt(container, {"resources", part, "memory"}), "<missing>") << part;
    EXPECT_NE(valueAt(container, {"resources", part, "cpu"}), "<missing>") << part;
  }
}

TEST(DeployManifest, TheConfigIsMountedWhereTheArgumentsPoint) {
  const YAML::Node pod = theOne(rendered("base"), "Deployment", "base")["spec"]["template"]["spec"];
  const YAML::Node container = pod["containers"][0];
  const auto args = container["args"].as<std::vector<std::string>>();
  ASSERT_EQ(args.size(), 2U);
  EXPECT_EQ(args[1], container["volumeMounts"][0]["mountPath"].as<std::string>() + "/config.yaml");
  EXPECT_EQ(pod["volumes"][0]["configMap"]["name"].as<std::string>(), "lecter");
}

TEST(DeployManifest, TheProbesAndTheScrapeAskTheListenerTheConfigOpens) {
  const auto base = rendered("base");
  const Config config = shippedConfig(base);
  ASSERT_FALSE(config.listen.empty()) << "the probes need my_conf.listen";
  const std::string port = config.listen.substr(config.listen.rfind(':') + 1);
  const YAML::Node pod_template = theOne(base, "Deployment", "base")["spec"]["template"];
  const YAML::Node container = pod_template["spec"]["containers"][0];
  EXPECT_EQ(container["ports"][0]["containerPort"].as<std::string>(), port);
  EXPECT_EQ(container["ports"][0]["name"].as<std::string>(), "http");
  EXPECT_EQ(container["livenessProbe"]["httpGet"]["path"].as<std::string>(), "/healthz");
  EXPECT_EQ(container["livenessProbe"]["httpGet"]["port"].as<std::string>(), "http");
  EXPECT_EQ(container["readinessProbe"]["httpGet"]["path"].as<std::string>(), "/readyz");
  EXPECT_EQ(container["readinessProbe"]["httpGet"]["port"].as<std::string>(), "http");
  const YAML::Node annotations = pod_template["metadata"]["annotations"];
  EXPECT_EQ(annotations["prometheus.io/scrape"].as<std::string>(), "true");
  EXPECT_EQ(annotations["prometheus.io/port"].as<std::string>(), port);
}

TEST(DeployManifest, TheTargetNamespaceRbacGrantsEveryCallToLectersAccountAndStartsNothing) {
  const auto rbac = rendered("rbac-target-namespace");
  ASSERT_FALSE(rbac.empty());
  EXPECT_TRUE(ofKind(rbac, "Deployment").empty())
      << "applied in a second namespace, it would start a second lecter";
  const YAML::Node role = theOne(rbac, "Role", "rbac-target-namespace");
  expectGrantsExactlyLectersCalls(role["rules"], "Role");
  // No namespace of their own: `kubectl apply -n NAMESPACE -k` puts them where lecter writes.
  EXPECT_EQ(namespaceOf(role), "");
  const YAML::Node binding = theOne(rbac, "RoleBinding", "rbac-target-namespace");
  EXPECT_EQ(namespaceOf(binding), "");
  EXPECT_EQ(binding["roleRef"]["name"].as<std::string>(), role["metadata"]["name"].as<std::string>());
  const YAML::Node subject = binding["subjects"][0];
  EXPECT_EQ(subject["kind"].as<std::string>(), "ServiceAccount");
  EXPECT_EQ(subject["name"].as<std::string>(), "lecter");
  EXPECT_EQ(subject["namespace"].as<std::string>(), "lecter") << "lecter runs in its own namespace";
}

TEST(DeployManifest, TheClusterRbacGrantsTheSameCallsToLectersAccount) {
  const auto rbac = rendered("rbac-cluster");
  ASSERT_FALSE(rbac.empty());
  EXPECT_TRUE(ofKind(rbac, "Deployment").empty());
  const YAML::Node role = theOne(rbac, "ClusterRole", "rbac-cluster");
  expectGrantsExactlyLectersCalls(role["rules"], "ClusterRole");
  const YAML::Node subject = theOne(rbac, "ClusterRoleBinding", "rbac-cluster")["subjects"][0];
  EXPECT_EQ(subject["name"].as<std::string>(), "lecter");
  EXPECT_EQ(subject["namespace"].as<std::string>(), "lecter");
}

TEST(DeployManifest, TheExampleServiceIsTheSelectorlessOneTheShippedConfigWrites) {
  const auto example = rendered("example");
  ASSERT_FALSE(example.empty());
  EXPECT_TRUE(ofKind(example, "Deployment").empty());
  const YAML::Node service = theOne(example, "Service", "example");
  EXPECT_FALSE(service["spec"]["selector"]) << "with a selector, Kubernetes would manage its Endpoints";
  const Config config = shippedConfig(rendered("base"));
  ASSERT_EQ(config.services.size(), 1U);
  EXPECT_EQ(namespaceOf(service), config.services[0].ns);
  EXPECT_EQ(service["metadata"]["name"].as<std::string>(), config.services[0].name);
  // The Endpoints' port name must match the Service's, or kube-proxy routes nothing to it.
  EXPECT_EQ(service["spec"]["ports"][0]["name"].as<std::string>(), "redis");
}

}  // namespace
}  // namespace lecter
