#include "support/apiserver/endpoint_slice_store.h"

#include <cstdio>

#include "support/apiserver/endpoint_slice_status.h"
#include "support/apiserver/endpoint_slice_validation.h"
#include "support/apiserver/json_fields.h"
#include "support/apiserver/rfc3339_time.h"
#include "support/apiserver/status.h"

namespace lecter::testing {
namespace {

using nlohmann::json;

constexpr const char* kResource = "endpointslices";

// The body is the request's own: its members are moved, not copied (the fixture runs this under its
// lock, for every write).

/// `from` without null members (Go leaves nil fields out, or decodes null as absent).
json withoutNulls(json from) {
  json out = json::object();
  if (!from.is_object()) return out;
  for (auto& [key, value] : from.items())
    if (!value.is_null()) out[key] = std::move(value);
  return out;
}

/// The members `keys` of `from` that are there and not null, moved into a new object.
json knownMembers(json& from, std::initializer_list<const char*> keys) {
  json out = json::object();
  if (!from.is_object()) return out;
  for (const char* key : keys) {
    const auto it = from.find(key);
    if (it != from.end() && !it->is_null()) out[key] = std::move(*it);
  }
  return out;
}

/// The known fields of one endpoint, as the v1 type encodes them; deprecatedTopology is cleared on v1
/// writes (dropTopologyOnV1) and `conditions` is a struct, so it is never left out.
json canonicalEndpoint(json& endpoint) {
  json out = knownMembers(endpoint, {"addresses", "hostname", "targetRef", "nodeName", "zone", "hints"});
  if (!out.contains("addresses")) out["addresses"] = nullptr;
  const auto conditions = endpoint.is_object() ? endpoint.find("conditions") : endpoint.end();
  out["conditions"] = withoutNulls(conditions != endpoint.end() ? std::move(*conditions) : json::object());
  return out;
}

json canonicalPort(json& port) { return knownMembers(port, {"name", "protocol", "port", "appProtocol"}); }

/// object[key] moved out, or `fallback` when it is missing.
json takeMember(json& object, const char* key, json fallback) {
  const auto it = object.find(key);
  return it != object.end() ? std::move(*it) : std::move(fallback);
}

/// The slice as the server stores and returns it: kind/apiVersion set, defaults applied, unknown fields
/// dropped, empty lists as null (the protobuf storage keeps no empty list), system metadata fields cleared.
json canonicalSlice(json object, const std::string& ns) {
  applyEndpointSliceDefaults(object);
  json metadata = withoutNulls(takeMember(object, "metadata", json::object()));
  for (const char* key : {"uid", "creationTimestamp", "generation", "resourceVersion", "selfLink"})
    metadata.erase(key);
  for (const char* key : {"labels", "annotations"})
    if (metadata.contains(key) && metadata[key].empty()) metadata.erase(key);  // omitempty maps
  metadata["namespace"] = ns;
  json endpoints = nullptr;
  for (json& endpoint : takeMember(object, "endpoints", json::array()))
    endpoints.push_back(canonicalEndpoint(endpoint));
  json ports = nullptr;
  for (json& port : takeMember(object, "ports", json::array())) ports.push_back(canonicalPort(port));
  json slice = json::object();
  slice["kind"] = "EndpointSlice";
  slice["apiVersion"] = "discovery.k8s.io/v1";
  slice["metadata"] = std::move(metadata);
  slice["addressType"] = takeMember(object, "addressType", json(""));
  slice["endpoints"] = std::move(endpoints);
  slice["ports"] = std::move(ports);
  return slice;
}

/// PrepareForUpdate: the generation grows when anything but metadata changed, or the labels did.
bool generationChanges(const json& updated, const json& old) {
  static const json kNoLabels = json::object();
  const auto labelsOf = [](const json& object) -> const json& {
    const json& metadata = object.at("metadata");
    const auto it = metadata.find("labels");
    return it != metadata.end() ? *it : kNoLabels;
  };
  if (labelsOf(updated) != labelsOf(old) || updated.size() != old.size()) return true;
  for (auto it = updated.begin(); it != updated.end(); ++it) {
    if (it.key() == "metadata") continue;
    const auto other = old.find(it.key());
    if (other == old.end() || *other != *it) return true;
  }
  return false;
}

std::optional<WriteOutcome> namespaceMismatch(const json& object, const std::string& ns) {
  // EnsureObjectNamespaceMatchesRequestNamespace: an empty namespace is filled in from the URL.
  const std::string body_ns = metadataString(object, "namespace");
  if (body_ns.empty() || body_ns == ns) return std::nullopt;
  return WriteOutcome{400,
                      badRequestStatus("the namespace of the provided object does not match the namespace "
                                       "sent on the request")};
}

}  // namespace

EndpointSliceStore::EndpointSliceStore(ObjectHistory& history) : history_(history) {}

std::optional<json> EndpointSliceStore::get(const std::string& ns, const std::string& name) const {
  const auto it = objects_.find({ns, name});
  if (it == objects_.end()) return std::nullopt;
  return it->second;
}

std::vector<json> EndpointSliceStore::list(const std::string& ns) const {
  std::vector<json> slices;
  for (auto it = objects_.lower_bound({ns, ""}); it != objects_.end() && it->first.first == ns; ++it)
    slices.push_back(it->second);
  return slices;
}

std::string EndpointSliceStore::generateName(const std::string& ns, const std::string& base) {
  // names.SimpleNameGenerator: the base cut to 58 characters, then 5 of these (no vowels, no 0/1/3).
  static const std::string kAlphabet = "bcdfghjklmnpqrstvwxz2456789";
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  std::string name;
  do {
    name = base.substr(0, 58);
    for (int i = 0; i < 5; ++i) name += kAlphabet[pick(random_)];
  } while (objects_.count({ns, name}) > 0);
  return name;
}

WriteOutcome EndpointSliceStore::create(const std::string& ns, json object) {
  if (auto problem = endpointSliceDecodeError(object)) return {400, badRequestStatus(*problem)};
  if (auto mismatch = namespaceMismatch(object, ns)) return *mismatch;
  const bool resource_version_set = !metadataString(object, "resourceVersion").empty();
  json slice = canonicalSlice(std::move(object), ns);
  json& metadata = slice["metadata"];
  // stringAt, not json::value: GCC 12 at -O3 sees a null dereference in value() here (a false positive).
  std::string name = stringAt(metadata, "name");
  if (name.empty() && !stringAt(metadata, "generateName").empty()) {
    name = generateName(ns, metadata["generateName"].get<std::string>());
    metadata["name"] = name;
  }
  metadata["generation"] = 1;  // PrepareForCreate
  if (auto errors = validateEndpointSliceCreate(slice); !errors.empty())
    return {422, invalidEndpointSliceStatus(name, errors)};
  if (resource_version_set) return {500, resourceVersionOnCreateStatus()};
  if (objects_.count({ns, name}) > 0) return {409, sliceAlreadyExistsStatus(name)};

  // FillObjectMetaSystemFields.
  char uid[40];
  std::snprintf(uid, sizeof uid, "e5000000-0000-4000-8000-%012llu",
                static_cast<unsigned long long>(++uids_made_));
  metadata["uid"] = uid;
  metadata["creationTimestamp"] = rfc3339Now();
  metadata["resourceVersion"] = history_.nextResourceVersion();
  objects_[{ns, name}] = slice;
  history_.record(kResource, "ADDED", slice);
  return {201, slice};
}

WriteOutcome EndpointSliceStore::update(const std::string& ns, const std::string& name, json object) {
  if (auto problem = endpointSliceDecodeError(object)) return {400, badRequestStatus(*problem)};
  // checkName in the update handler: the body names the object of the URL.
  const std::string body_name = metadataString(object, "name");
  if (body_name != name)
    return {400, badRequestStatus("the name of the object (" + body_name +
                                  ") does not match the name on the URL (" + name + ")")};
  if (auto mismatch = namespaceMismatch(object, ns)) return *mismatch;
  const auto existing = objects_.find({ns, name});
  if (existing == objects_.end()) return {404, sliceNotFoundStatus(name)};
  const json& old = existing->second;
  const std::string body_rv = metadataString(object, "resourceVersion");
  if (!body_rv.empty() && body_rv != metadataString(old, "resourceVersion"))
    return {409, sliceConflictStatus(name)};

  json slice = canonicalSlice(std::move(object), ns);
  json& metadata = slice["metadata"];
  // BeforeUpdate keeps the system fields of the stored object.
  for (const char* key : {"uid", "creationTimestamp", "generation"}) metadata[key] = old["metadata"][key];
  if (generationChanges(slice, old))
    metadata["generation"] = old["metadata"]["generation"].get<std::int64_t>() + 1;
  if (auto errors = validateEndpointSliceUpdate(slice, old); !errors.empty())
    return {422, invalidEndpointSliceStatus(name, errors)};

  metadata["resourceVersion"] = old["metadata"]["resourceVersion"];
  if (slice == old) return {200, old};  // nothing to write: same resourceVersion, no event
  metadata["resourceVersion"] = history_.nextResourceVersion();
  existing->second = slice;
  history_.record(kResource, "MODIFIED", slice);
  return {200, std::move(slice)};
}

WriteOutcome EndpointSliceStore::remove(const std::string& ns, const std::string& name) {
  const auto existing = objects_.find({ns, name});
  if (existing == objects_.end()) return {404, sliceNotFoundStatus(name)};
  json deleted = existing->second;
  objects_.erase(existing);
  // The DELETED event carries the object as it was, at the revision of the delete.
  deleted["metadata"]["resourceVersion"] = history_.nextResourceVersion();
  history_.record(kResource, "DELETED", deleted);
  return {200, sliceDeletedStatus(name, stringAt(deleted["metadata"], "uid"))};
}

}  // namespace lecter::testing
