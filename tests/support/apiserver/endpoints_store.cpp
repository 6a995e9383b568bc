#include "support/apiserver/endpoints_store.h"

#include <cstdio>

#include "support/apiserver/endpoints_repack.h"
#include "support/apiserver/endpoints_validation.h"
#include "support/apiserver/json_fields.h"
#include "support/apiserver/rfc3339_time.h"
#include "support/apiserver/status.h"

namespace lecter::testing {

using nlohmann::json;

std::optional<json> EndpointsStore::get(const std::string& ns, const std::string& name) const {
  auto it = objects_.find({ns, name});
  if (it == objects_.end()) return std::nullopt;
  return it->second;
}

void EndpointsStore::remove(const std::string& ns, const std::string& name) {
  auto it = objects_.find({ns, name});
  if (it == objects_.end()) return;
  // A delete is a new revision; its watch event carries the object as it was, at that revision
  // (apiserver storage/etcd3 watcher: the previous value with the delete's ModRevision).
  json deleted = std::move(it->second);
  objects_.erase(it);
  deleted["metadata"]["resourceVersion"] = history_.nextResourceVersion();
  history_.record("endpoints", "DELETED", deleted);
}

WriteOutcome EndpointsStore::put(const std::string& ns, const std::string& name, json object) {
  if (auto problem = endpointsDecodeError(object)) return {400, badRequestStatus(*problem)};
  if (!object.contains("metadata") || object["metadata"].is_null()) object["metadata"] = json::object();
  // checkName in the update handler: the body names the object of the URL; an empty namespace is filled in.
  const std::string body_name = metadataString(object, "name");
  if (body_name != name)
    return {400, badRequestStatus("the name of the object (" + body_name +
                                  ") does not match the name on the URL (" + name + ")")};
  const std::string body_ns = metadataString(object, "namespace");
  if (!body_ns.empty() && body_ns != ns)
    return {400, badRequestStatus("the namespace of the provided object does not match the namespace sent on "
                                  "the request")};

  auto existing = objects_.find({ns, name});
  // Store.Update: a resourceVersion in the body must match the stored one; none means an unconditional
  // update, which the Endpoints strategy allows (AllowUnconditionalUpdate). A missing object is created
  // (AllowCreateOnUpdate), whatever resourceVersion the body carries.
  const std::string body_rv = metadataString(object, "resourceVersion");
  if (existing != objects_.end() && !body_rv.empty() &&
      body_rv != metadataString(existing->second, "resourceVersion"))
    return {409, conflictStatus("endpoints", name)};

  applyEndpointsDefaults(object);
  if (auto errors = validateEndpoints(object); !errors.empty())
    return {422, invalidEndpointsStatus(name, errors)};

  // Canonicalize; `subsets` is omitempty, so an empty list is stored as none.
  json subsets = repackSubsets(object.value("subsets", json::array()));
  object.erase("subsets");
  if (!subsets.empty()) object["subsets"] = subsets;

  object["kind"] = "Endpoints";
  object["apiVersion"] = "v1";
  json& metadata = object["metadata"];
  metadata["namespace"] = ns;
  const bool creating = existing == objects_.end();
  if (creating) {
    // FillObjectMetaSystemFields on create; BeforeUpdate keeps them on update.
    char uid[40];
    std::snprintf(uid, sizeof uid, "00000000-0000-4000-8000-%012llu",
                  static_cast<unsigned long long>(++uids_made_));
    metadata["uid"] = uid;
    metadata["creationTimestamp"] = rfc3339Now();
  } else {
    metadata["uid"] = existing->second["metadata"]["uid"];
    metadata["creationTimestamp"] = existing->second["metadata"]["creationTimestamp"];
  }
  metadata["resourceVersion"] = history_.nextResourceVersion();
  objects_[{ns, name}] = object;
  history_.record("endpoints", creating ? "ADDED" : "MODIFIED", object);
  return {creating ? 201 : 200, object};
}

}  // namespace lecter::testing
