// deploy/lecter.yaml: the config it ships loads, and the Role grants every call lecter makes.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "lecter/config/config_loader.h"

namespace lecter {
namespace {

const std::string kManifest = std::string(LECTER_SOURCE_DIR) + "/deploy/lecter.yaml";

std::vector<YAML::Node> documents() { return YAML::LoadAllFromFile(kManifest); }

YAML::Node documentOfKind(const std::string& kind) {
  for (const YAML::Node& document : documents()) {
    if (document["kind"] && document["kind"].as<std::string>() == kind) return document;
  }
  ADD_FAILURE() << kManifest << " has no " << kind;
  return YAML::Node();
}

/// The verbs the Role grants on resource `resource` of API group `group`.
std::set<std::string> grantedVerbs(const std::string& group, const std::string& resource) {
  std::set<std::string> verbs;
  for (const YAML::Node& rule : documentOfKind("Role")["rules"]) {
    const auto groups = rule["apiGroups"].as<std::vector<std::string>>();
    const auto resources = rule["resources"].as<std::vector<std::string>>();
    if (std::find(groups.begin(), groups.end(), group) == groups.end()) continue;
    if (std::find(resources.begin(), resources.end(), resource) == resources.end()) continue;
    for (const auto& verb : rule["verbs"].as<std::vector<std::string>>()) verbs.insert(verb);
  }
  return verbs;
}

TEST(DeployManifest, TheConfigItShipsLoads) {
  const std::string text = documentOfKind("ConfigMap")["data"]["config.yaml"].as<std::string>();
  const Config config = loadConfigText(text, "deploy/lecter.yaml (ConfigMap lecter, config.yaml)").config;
  EXPECT_FALSE(config.services.empty());
  // In a pod the in-cluster address, token and CA are used: the shipped config must not pin them.
  EXPECT_TRUE(config.kubernetes.url.empty());
  EXPECT_TRUE(config.kubernetes.ca_file.empty());
}

TEST(DeployManifest, TheDeploymentMountsTheConfigWhereItsArgumentsPoint) {
  const YAML::Node spec = documentOfKind("Deployment")["spec"];
  EXPECT_EQ(spec["replicas"].as<int>(), 1) << "two writers of the same objects would fight";
  EXPECT_EQ(spec["strategy"]["type"].as<std::string>(), "Recreate");
  const YAML::Node pod = spec["template"]["spec"];
  EXPECT_EQ(pod["serviceAccountName"].as<std::string>(), "lecter");
  const YAML::Node container = pod["containers"][0];
  const auto args = container["args"].as<std::vector<std::string>>();
  ASSERT_EQ(args.size(), 2U);
  EXPECT_EQ(args[1], container["volumeMounts"][0]["mountPath"].as<std::string>() + "/config.yaml");
}

TEST(DeployManifest, TheProbesAskTheListenerTheConfigOpens) {
  const std::string text = documentOfKind("ConfigMap")["data"]["config.yaml"].as<std::string>();
  const Config config = loadConfigText(text, "deploy/lecter.yaml (ConfigMap lecter, config.yaml)").config;
  ASSERT_FALSE(config.listen.empty()) << "the probes need my_conf.listen";
  const std::string port = config.listen.substr(config.listen.rfind(':') + 1);
  const YAML::Node container = documentOfKind("Deployment")["spec"]["template"]["spec"]["containers"][0];
  ASSERT_TRUE(container["ports"]);
  EXPECT_EQ(container["ports"][0]["containerPort"].as<std::string>(), port);
  EXPECT_EQ(container["ports"][0]["name"].as<std::string>(), "http");
  EXPECT_EQ(container["livenessProbe"]["httpGet"]["path"].as<std::string>(), "/healthz");
  EXPECT_EQ(container["livenessProbe"]["httpGet"]["port"].as<std::string>(), "http");
  EXPECT_EQ(container["readinessProbe"]["httpGet"]["path"].as<std::string>(), "/readyz");
  EXPECT_EQ(container["readinessProbe"]["httpGet"]["port"].as<std::string>(), "http");
}

TEST(DeployManifest, TheRoleGrantsEveryCallLecterMakes) {
  const std::set<std::string> endpoints = grantedVerbs("", "endpoints");
  for (const char* verb : {"get", "list", "watch", "create", "update"})
    EXPECT_TRUE(endpoints.contains(verb)) << verb;
  const std::set<std::string> slices = grantedVerbs("discovery.k8s.io", "endpointslices");
  for (const char* verb : {"get", "list", "watch", "create", "update", "delete"})
    EXPECT_TRUE(slices.contains(verb)) << verb;
  const std::set<std::string> services = grantedVerbs("", "services");
  for (const char* verb : {"get", "list", "watch"}) EXPECT_TRUE(services.contains(verb)) << verb;
  EXPECT_TRUE(grantedVerbs("", "events").contains("create"));
}

TEST(DeployManifest, TheRoleGrantsNothingLecterDoesNotUse) {
  EXPECT_FALSE(grantedVerbs("", "services").contains("update"));
  EXPECT_FALSE(grantedVerbs("", "endpoints").contains("delete"));
  EXPECT_TRUE(grantedVerbs("", "secrets").empty());
  EXPECT_TRUE(grantedVerbs("", "pods").empty());
}

}  // namespace
}  // namespace lecter
