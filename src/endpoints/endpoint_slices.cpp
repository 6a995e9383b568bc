#include "lecter/endpoints/endpoint_slices.h"

#include <set>
#include <utility>

#include "label_annotation_changes.h"
#include "lecter/base/json_fields.h"
#include "marked_change.h"
#include "template_port.h"

namespace lecter {

namespace {

using nlohmann::json;

bool boolOr(const json& value, bool fallback) { return value.is_boolean() ? value.get<bool>() : fallback; }

bool isIpv6(const std::string& address) { return address.find(':') != std::string::npos; }

// One endpoint as compared: its address and its three conditions. An absent ready or serving counts
// as true and an absent terminating as false (discovery/v1 EndpointConditions).
struct SliceEndpoint {
  std::string address;
  bool ready = true;
  bool serving = true;
  bool terminating = false;
  auto operator<=>(const SliceEndpoint&) const = default;
};

struct SlicePort {
  std::string name;
  int port = 0;
  std::string protocol;
  std::string app_protocol;
  auto operator<=>(const SlicePort&) const = default;
};

std::set<SliceEndpoint> endpointsOf(const json& slice) {
  std::set<SliceEndpoint> out;
  const json& endpoints = jsonMember(slice, "endpoints");
  if (!endpoints.is_array()) return out;
  for (const auto& endpoint : endpoints) {
    const json& conditions = jsonMember(endpoint, "conditions");
    const bool ready = boolOr(jsonMember(conditions, "ready"), true);
    const json& addresses = jsonMember(endpoint, "addresses");
    if (!addresses.is_array()) continue;
    for (const auto& address : addresses) {
      out.insert(SliceEndpoint{stringOr(address, ""), ready, boolOr(jsonMember(conditions, "serving"), true),
                               boolOr(jsonMember(conditions, "terminating"), false)});
    }
  }
  return out;
}

std::set<SlicePort> portsOf(const json& slice) {
  std::set<SlicePort> out;
  const json& ports = jsonMember(slice, "ports");
  if (!ports.is_array()) return out;
  for (const auto& port : ports) {
    const json& number = jsonMember(port, "port");
    out.insert(SlicePort{
        stringOr(jsonMember(port, "name"), ""), number.is_number_integer() ? number.get<int>() : 0,
        stringOr(jsonMember(port, "protocol"), "TCP"), stringOr(jsonMember(port, "appProtocol"), "")});
  }
  return out;
}

std::string describe(const SliceEndpoint& e) {
  std::string text = e.address + (e.ready ? " ready" : " not ready");
  if (e.serving != e.ready) text += e.serving ? " serving" : " not serving";
  if (e.terminating) text += " terminating";
  return text;
}

std::string describe(const SlicePort& p) {
  std::string text = "port " + std::to_string(p.port) + "/" + p.protocol;
  if (!p.name.empty()) text += " (" + p.name + ")";
  if (!p.app_protocol.empty()) text += " appProtocol " + p.app_protocol;
  return text;
}

json sliceMetadata(const json& endpoint_template, const ServiceSpec& service, const std::string& name,
                   const std::string& service_uid) {
  const json& template_metadata = jsonMember(endpoint_template, "metadata");
  json metadata = json::object();
  metadata["name"] = name;
  metadata["namespace"] = service.ns;
  json labels = jsonMember(template_metadata, "labels").is_object() ? jsonMember(template_metadata, "labels")
                                                                    : json::object();
  labels[kSliceServiceNameLabel] = service.name;
  labels[kSliceManagedByLabel] = kSliceManagedByValue;
  metadata["labels"] = std::move(labels);
  const json& annotations = jsonMember(template_metadata, "annotations");
  if (annotations.is_object() && !annotations.empty()) metadata["annotations"] = annotations;
  if (!service_uid.empty()) {
    // As Kubernetes' EndpointSlice controller does (metav1.NewControllerRef): deleting the Service
    // garbage-collects its slices.
    metadata["ownerReferences"] = json::array({json{{"apiVersion", "v1"},
                                                    {"kind", "Service"},
                                                    {"name", service.name},
                                                    {"uid", service_uid},
                                                    {"controller", true},
                                                    {"blockOwnerDeletion", true}}});
  }
  return metadata;
}

std::string sliceName(const ServiceSpec& service, bool ipv6, std::size_t index) {
  std::string name = service.name + "-lecter" + (ipv6 ? "-ipv6" : "");
  if (index > 0) {
    name += '-';
    name += std::to_string(index + 1);
  }
  return name;
}

void renderFamily(std::vector<json>& out, const json& endpoint_template, const ServiceSpec& service,
                  const SliceInputs& inputs, bool ipv6) {
  // std::map keeps the addresses sorted, so a split point moves only when addresses come or go.
  std::vector<std::pair<std::string, bool>> family;
  for (const auto& [address, ready] : inputs.endpoints) {
    if (isIpv6(address) == ipv6) family.emplace_back(address, ready);
  }
  const json ports = servicePorts(endpoint_template, service, inputs.fallback_port_name);
  for (std::size_t start = 0, index = 0; start < family.size(); start += kMaxEndpointsPerSlice, ++index) {
    json endpoints = json::array();
    for (std::size_t i = start; i < family.size() && i < start + kMaxEndpointsPerSlice; ++i) {
      const bool ready = family[i].second;
      endpoints.push_back(
          json{{"addresses", json::array({family[i].first})},
               {"conditions", json{{"ready", ready}, {"serving", ready}, {"terminating", false}}}});
    }
    json slice = json::object();
    slice["apiVersion"] = "discovery.k8s.io/v1";
    slice["kind"] = "EndpointSlice";
    slice["metadata"] =
        sliceMetadata(endpoint_template, service, sliceName(service, ipv6, index), inputs.service_uid);
    slice["addressType"] = ipv6 ? "IPv6" : "IPv4";
    slice["endpoints"] = std::move(endpoints);
    slice["ports"] = ports;
    out.push_back(std::move(slice));
  }
}

bool sameOwner(const json& a, const json& b) {
  return stringOr(jsonMember(a, "uid"), "") == stringOr(jsonMember(b, "uid"), "") &&
         stringOr(jsonMember(a, "kind"), "") == stringOr(jsonMember(b, "kind"), "") &&
         boolOr(jsonMember(a, "controller"), false) == boolOr(jsonMember(b, "controller"), false);
}

}  // namespace

std::string endpointSliceSelectorFor(const ServiceSpec& service) {
  return std::string(kSliceServiceNameLabel) + "=" + service.name + "," + kSliceManagedByLabel + "=" +
         kSliceManagedByValue;
}

std::vector<json> renderEndpointSlices(const json& endpoint_template, const ServiceSpec& service,
                                       const SliceInputs& inputs) {
  std::vector<json> slices;
  renderFamily(slices, endpoint_template, service, inputs, false);
  renderFamily(slices, endpoint_template, service, inputs, true);
  return slices;
}

json endpointSliceUpdate(const json& desired, const json& live) {
  json update = desired;
  json& metadata = update["metadata"];
  const json& live_metadata = jsonMember(live, "metadata");
  for (const char* key : {"labels", "annotations"}) {
    const json& theirs = jsonMember(live_metadata, key);
    if (!theirs.is_object()) continue;
    json merged = theirs;
    const json& ours = jsonMember(metadata, key);
    if (ours.is_object()) {
      for (const auto& [k, v] : ours.items()) merged[k] = v;
    }
    if (!merged.empty()) metadata[key] = std::move(merged);
  }
  // Owners others added stay; lecter's Service reference replaces any stale one for the same uid.
  const json& their_owners = jsonMember(live_metadata, "ownerReferences");
  if (their_owners.is_array() && !their_owners.empty()) {
    json owners =
        jsonMember(metadata, "ownerReferences").is_array() ? metadata["ownerReferences"] : json::array();
    const std::size_t ours = owners.size();
    for (const auto& owner : their_owners) {
      bool already = false;
      for (std::size_t i = 0; i < ours; ++i) {
        already =
            already || stringOr(jsonMember(owner, "uid"), "") == stringOr(jsonMember(owners[i], "uid"), "");
      }
      // Only one owner may be the controller; lecter's reference is it when present.
      if (!already && !(ours > 0 && boolOr(jsonMember(owner, "controller"), false))) owners.push_back(owner);
    }
    if (!owners.empty()) metadata["ownerReferences"] = std::move(owners);
  }
  const std::string resource_version = stringOr(jsonMember(live_metadata, "resourceVersion"), "");
  if (!resource_version.empty()) metadata["resourceVersion"] = resource_version;
  return update;
}

std::map<std::string, bool> endpointReadinessOf(const std::vector<json>& slices) {
  std::map<std::string, bool> out;
  for (const auto& slice : slices) {
    for (const auto& endpoint : endpointsOf(slice)) {
      auto [it, inserted] = out.emplace(endpoint.address, endpoint.ready);
      if (!inserted) it->second = it->second || endpoint.ready;
    }
  }
  return out;
}

bool sliceNeedsRecreate(const json& desired, const json& live) {
  return live.is_object() &&
         stringOr(jsonMember(live, "addressType"), "") != stringOr(jsonMember(desired, "addressType"), "");
}

std::string sliceDifferenceReason(const json& desired, const json& live) {
  if (!live.is_object()) return "the slice does not exist";

  std::vector<std::string> changes;
  if (sliceNeedsRecreate(desired, live)) {
    changes.push_back("addressType " + stringOr(jsonMember(live, "addressType"), "none") + " -> " +
                      stringOr(jsonMember(desired, "addressType"), "none"));
  }
  const auto want = endpointsOf(desired);
  const auto have = endpointsOf(live);
  for (const auto& e : want) {
    if (!have.contains(e)) changes.push_back(markedChange('+', describe(e)));
  }
  for (const auto& e : have) {
    if (!want.contains(e)) changes.push_back(markedChange('-', describe(e)));
  }
  const auto want_ports = portsOf(desired);
  const auto have_ports = portsOf(live);
  for (const auto& p : want_ports) {
    if (!have_ports.contains(p)) changes.push_back(markedChange('+', describe(p)));
  }
  for (const auto& p : have_ports) {
    if (!want_ports.contains(p)) changes.push_back(markedChange('-', describe(p)));
  }

  const json& want_meta = jsonMember(desired, "metadata");
  const json& have_meta = jsonMember(live, "metadata");
  addLabelAndAnnotationChanges(desired, live, changes);
  const json& wanted_owners = jsonMember(want_meta, "ownerReferences");
  if (wanted_owners.is_array()) {
    const json& present_owners = jsonMember(have_meta, "ownerReferences");
    for (const auto& owner : wanted_owners) {
      bool found = false;
      if (present_owners.is_array()) {
        for (const auto& present : present_owners) found = found || sameOwner(owner, present);
      }
      if (!found) changes.push_back("ownerReference to Service " + stringOr(jsonMember(owner, "name"), ""));
    }
  }

  std::string reason;
  for (const auto& change : changes) {
    if (!reason.empty()) reason += ", ";
    reason += change;
  }
  return reason;
}

}  // namespace lecter
