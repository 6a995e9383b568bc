#include "endpoints_template.h"

#include <string>

#include "kubernetes_names.h"
#include "scalar_readers.h"
#include "yaml_to_json.h"

namespace lecter::config_internal {
namespace {

void checkKindAndVersion(const YamlMap& object) {
  if (const std::string kind = readString(object.require("kind")); kind != "Endpoints") {
    object.require("kind").fail("must be Endpoints, got " + object.require("kind").describe());
  }
  if (const std::string version = readString(object.require("apiVersion")); version != "v1") {
    object.require("apiVersion").fail("must be v1, got " + object.require("apiVersion").describe());
  }
}

// Kubernetes wants strings here; a plain `tier: 1` would be refused, so it is read as the text "1".
nlohmann::json stringMap(const YamlValue& value) {
  nlohmann::json out = nlohmann::json::object();
  if (value.isNull()) return out;
  const YamlMap map(value, "a mapping of names to strings");
  for (const YamlEntry& entry : map.entries()) out[entry.key] = readString(entry.value);
  return out;
}

void checkMetadata(const YamlValue& value, nlohmann::json& metadata) {
  const YamlMap map(value, "a mapping (name, namespace, labels, annotations, …)");
  map.allowOnly({"name", "namespace", "labels", "annotations", "generateName", "uid", "resourceVersion",
                 "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                 "ownerReferences", "finalizers", "managedFields", "selfLink"});
  for (const char* key : {"name", "namespace", "resourceVersion"}) {
    if (const auto field = map.find(key)) metadata[key] = readString(*field);
  }
  for (const char* key : {"labels", "annotations"}) {
    if (const auto field = map.find(key)) metadata[key] = stringMap(*field);
  }
}

void checkPort(const YamlValue& value) {
  const YamlMap port(value, "a mapping (name, port, protocol, appProtocol)");
  port.allowOnly({"name", "port", "protocol", "appProtocol"});
  if (const auto name = port.find("name")) {
    const std::string text = readString(*name);
    if (!text.empty() && !isDns1123Label(text)) {
      name->fail(
          "must be a DNS-1123 label (at most 63 lower-case letters, digits or '-', starting and ending "
          "with a letter or digit), got " +
          name->describe());
    }
  }
  if (const auto number = port.find("port")) readInteger(*number, 1, 65535, "a port number");
  if (const auto protocol = port.find("protocol")) readChoice(*protocol, {"TCP", "UDP", "SCTP"});
}

void checkListOf(const YamlValue& value, const char* what, void (*check)(const YamlValue&)) {
  if (value.isNull()) return;
  if (!value.isList()) value.fail(std::string("must be a list of ") + what + ", got " + value.describe());
  std::size_t index = 0;
  for (const YAML::Node& element : value.node()) check(value.item(element, index++));
}

void checkAddress(const YamlValue& value) {
  const YamlMap address(value, "a mapping (ip, hostname, nodeName, targetRef)");
  address.allowOnly({"ip", "hostname", "nodeName", "targetRef"});
}

void checkSubset(const YamlValue& value) {
  const YamlMap subset(value, "a mapping (addresses, notReadyAddresses, ports)");
  subset.allowOnly({"addresses", "notReadyAddresses", "ports"});
  if (const auto addresses = subset.find("addresses")) checkListOf(*addresses, "addresses", checkAddress);
  if (const auto addresses = subset.find("notReadyAddresses")) {
    checkListOf(*addresses, "addresses", checkAddress);
  }
  if (const auto ports = subset.find("ports")) checkListOf(*ports, "ports", checkPort);
}

}  // namespace

nlohmann::json readEndpointsTemplate(const YamlValue& value) {
  const YamlMap object(value, "an Endpoints object (kind, apiVersion, metadata, subsets)");
  object.allowOnly({"kind", "apiVersion", "metadata", "subsets"});
  checkKindAndVersion(object);
  // Converted first: it refuses what cannot become JSON (cycles, duplicate keys) before the
  // checks below walk the same nodes.
  nlohmann::json out = yamlToJson(value);
  nlohmann::json metadata = nlohmann::json::object();
  if (const auto meta = object.find("metadata")) {
    metadata = out["metadata"].is_object() ? out["metadata"] : nlohmann::json::object();
    checkMetadata(*meta, metadata);
  }
  out["metadata"] = metadata;
  if (const auto subsets = object.find("subsets")) checkListOf(*subsets, "subsets", checkSubset);
  return out;
}

}  // namespace lecter::config_internal
