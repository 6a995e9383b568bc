#include "lecter/endpoints/endpoints_object.h"

#include <vector>

#include "label_annotation_changes.h"
#include "lecter/base/json_fields.h"
#include "marked_change.h"
#include "template_port.h"

namespace lecter {

namespace {

using nlohmann::json;

// Fields the ApiServer owns: a template pasted from `kubectl get -o yaml` must not carry them into a PUT.
void dropServerFields(json& metadata) {
  for (const char* key : {"resourceVersion", "uid", "creationTimestamp", "generation", "selfLink",
                          "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds"}) {
    metadata.erase(key);
  }
}

// Adds `overlay`'s entries to metadata[key] (a string map); the overlay wins.
void mergeStringMap(json& metadata, const char* key, const json& overlay) {
  if (!overlay.is_object() || overlay.empty()) return;
  json& target = metadata[key];
  if (!target.is_object()) target = json::object();
  for (const auto& [k, v] : overlay.items()) target[k] = v;
}

void addEntries(EndpointSet& out, const json& addresses, bool ready, const json& ports) {
  if (!addresses.is_array()) return;
  for (const auto& address : addresses) {
    const std::string ip = stringOr(jsonMember(address, "ip"), "");
    if (!ports.is_array() || ports.empty()) {
      out.insert(EndpointEntry{ip, ready, 0, "TCP", ""});
      continue;
    }
    for (const auto& port : ports) {
      const json& number = jsonMember(port, "port");
      out.insert(EndpointEntry{ip, ready, number.is_number_integer() ? number.get<int>() : 0,
                               stringOr(jsonMember(port, "protocol"), "TCP"),
                               stringOr(jsonMember(port, "name"), "")});
    }
  }
}

std::string describeEntry(const EndpointEntry& e) {
  std::string text = e.ip + ":" + std::to_string(e.port) + "/" + e.protocol;
  if (!e.port_name.empty()) text += " (" + e.port_name + ")";
  if (!e.ready) text += " not ready";
  return text;
}

}  // namespace

EndpointSet endpointSetOf(const json& endpoints) {
  EndpointSet out;
  const json& subsets = jsonMember(endpoints, "subsets");
  if (!subsets.is_array()) return out;
  for (const auto& subset : subsets) {
    const json& ports = jsonMember(subset, "ports");
    addEntries(out, jsonMember(subset, "addresses"), true, ports);
    addEntries(out, jsonMember(subset, "notReadyAddresses"), false, ports);
  }
  return out;
}

std::set<std::string> readyIpsOf(const json& endpoints) {
  std::set<std::string> out;
  for (const auto& entry : endpointSetOf(endpoints)) {
    if (entry.ready) out.insert(entry.ip);
  }
  return out;
}

std::set<std::string> notReadyIpsOf(const json& endpoints) {
  std::set<std::string> out;
  for (const auto& entry : endpointSetOf(endpoints)) {
    if (!entry.ready) out.insert(entry.ip);
  }
  return out;
}

json renderEndpoints(const json& endpoint_template, const ServiceSpec& service,
                     const std::set<std::string>& ready_ips, const json& observed) {
  return renderEndpointsWith(endpoint_template, service, EndpointAddresses{ready_ips, {}, {}}, observed);
}

json renderEndpointsWith(const json& endpoint_template, const ServiceSpec& service,
                         const EndpointAddresses& addresses, const json& observed) {
  json desired = endpoint_template;
  desired["kind"] = "Endpoints";
  desired["apiVersion"] = "v1";

  // Start from the live metadata so what others put there (labels, annotations, owner references)
  // survives the PUT; the template's labels and annotations win where both set a key.
  const json& template_metadata = jsonMember(endpoint_template, "metadata");
  json metadata =
      jsonMember(observed, "metadata").is_object() ? jsonMember(observed, "metadata") : template_metadata;
  if (!metadata.is_object()) metadata = json::object();
  const std::string resource_version =
      stringOr(jsonMember(jsonMember(observed, "metadata"), "resourceVersion"), "");
  dropServerFields(metadata);
  mergeStringMap(metadata, "labels", jsonMember(template_metadata, "labels"));
  mergeStringMap(metadata, "annotations", jsonMember(template_metadata, "annotations"));
  // The watch cache selects lecter's Endpoints by this label: an object without it would be read with
  // a GET every cycle.
  mergeStringMap(metadata, "labels", json{{kManagedByLabel, kManagedByLecter}});
  metadata["name"] = service.name;
  metadata["namespace"] = service.ns;
  if (!resource_version.empty()) metadata["resourceVersion"] = resource_version;
  desired["metadata"] = metadata;

  // The one port's protocol and name come from the template's first port, its number is the probed
  // port; a service's `- ports:` name their own.
  const json ports = servicePorts(endpoint_template, service, addresses.fallback_port_name);

  // The ApiServer refuses a subset with neither addresses nor notReadyAddresses (422), so "nothing to
  // list" is no subset at all. An IP both ready and not ready (two targets on one IP) counts as ready.
  json ready = json::array();
  for (const auto& ip : addresses.ready) ready.push_back(json{{"ip", ip}});
  json not_ready = json::array();
  for (const auto& ip : addresses.not_ready) {
    if (!addresses.ready.contains(ip)) not_ready.push_back(json{{"ip", ip}});
  }
  json subsets = json::array();
  if (!ready.empty() || !not_ready.empty()) {
    json subset = json::object();
    if (!ready.empty()) subset["addresses"] = std::move(ready);
    if (!not_ready.empty()) subset["notReadyAddresses"] = std::move(not_ready);
    subset["ports"] = ports;
    subsets.push_back(std::move(subset));
  }
  desired["subsets"] = std::move(subsets);
  return desired;
}

std::string differenceReason(const json& desired, const json& observed) {
  if (!observed.is_object()) return "the object does not exist";

  const EndpointSet want = endpointSetOf(desired);
  const EndpointSet have = endpointSetOf(observed);
  std::vector<std::string> changes;
  for (const auto& entry : want) {
    if (!have.contains(entry)) changes.push_back(markedChange('+', describeEntry(entry)));
  }
  for (const auto& entry : have) {
    if (!want.contains(entry)) changes.push_back(markedChange('-', describeEntry(entry)));
  }

  addLabelAndAnnotationChanges(desired, observed, changes);

  std::string reason;
  for (const auto& change : changes) {
    if (!reason.empty()) reason += ", ";
    reason += change;
  }
  return reason;
}

}  // namespace lecter
