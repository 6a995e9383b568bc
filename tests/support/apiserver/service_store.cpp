#include "support/apiserver/service_store.h"

#include <cstdio>

namespace lecter::testing {

std::optional<nlohmann::json> ServiceStore::get(const std::string& ns, const std::string& name) const {
  const auto it = objects_.find({ns, name});
  if (it == objects_.end()) return std::nullopt;
  return it->second;
}

nlohmann::json ServiceStore::put(const std::string& ns, const std::string& name, nlohmann::json object) {
  if (!object.is_object()) object = nlohmann::json::object();
  object["kind"] = "Service";
  object["apiVersion"] = "v1";
  nlohmann::json& metadata = object["metadata"];
  if (!metadata.is_object()) metadata = nlohmann::json::object();
  metadata["name"] = name;
  metadata["namespace"] = ns;
  const auto existing = objects_.find({ns, name});
  const bool creating = existing == objects_.end();
  if (!creating) {
    metadata["uid"] = existing->second["metadata"]["uid"];  // an update keeps the uid
  } else {
    char uid[40];
    std::snprintf(uid, sizeof uid, "5e000000-0000-4000-8000-%012llu",
                  static_cast<unsigned long long>(++uids_made_));
    metadata["uid"] = uid;
  }
  metadata["resourceVersion"] = history_.nextResourceVersion();
  objects_[{ns, name}] = object;
  history_.record("services", creating ? "ADDED" : "MODIFIED", object);
  return object;
}

void ServiceStore::remove(const std::string& ns, const std::string& name) {
  const auto it = objects_.find({ns, name});
  if (it == objects_.end()) return;
  // A delete is a new revision; its watch event carries the object as it was, at that revision.
  nlohmann::json deleted = std::move(it->second);
  objects_.erase(it);
  deleted["metadata"]["resourceVersion"] = history_.nextResourceVersion();
  history_.record("services", "DELETED", deleted);
}

}  // namespace lecter::testing
