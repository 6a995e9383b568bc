#include "support/apiserver/object_history.h"

#include <algorithm>
#include <utility>

#include "support/apiserver/json_fields.h"

namespace lecter::testing {

std::string ObjectHistory::nextResourceVersion() { return std::to_string(++current_); }

void ObjectHistory::record(const std::string& resource, const std::string& type, nlohmann::json object) {
  const std::string version = metadataString(object, "resourceVersion");
  const ObjectKey key{resource, metadataString(object, "namespace"), metadataString(object, "name")};
  ObjectChange change{version.empty() ? 0 : std::stoull(version), resource, type,
                      std::make_shared<const nlohmann::json>(std::move(object)), nullptr};
  const auto before = existing_.find(key);
  if (before != existing_.end()) change.previous = before->second;
  if (type == "DELETED") {
    existing_.erase(key);
  } else {
    existing_[key] = change.object;
  }
  changes_.push_back(std::move(change));
  if (listener_) listener_();
}

std::vector<ObjectChange> ObjectHistory::changesAfter(const std::string& resource,
                                                      std::uint64_t after) const {
  const auto first = std::upper_bound(
      changes_.begin(), changes_.end(), after,
      [](std::uint64_t version, const ObjectChange& change) { return version < change.resource_version; });
  std::vector<ObjectChange> found;
  for (auto it = first; it != changes_.end(); ++it)
    if (it->resource == resource) found.push_back(*it);
  return found;
}

std::vector<nlohmann::json> ObjectHistory::currentObjects(const std::string& resource,
                                                          const std::string& ns) const {
  std::vector<nlohmann::json> objects;
  for (const auto& [key, object] : existing_)
    if (std::get<0>(key) == resource && (ns.empty() || std::get<1>(key) == ns)) objects.push_back(*object);
  return objects;
}

void ObjectHistory::compact() {
  oldest_watchable_ = ++current_;
  std::vector<ObjectChange> kept;
  for (ObjectChange& change : changes_) {
    const ObjectKey key{change.resource, metadataString(*change.object, "namespace"),
                        metadataString(*change.object, "name")};
    const auto live = existing_.find(key);
    if (change.type != "DELETED" && live != existing_.end() &&
        metadataString(*live->second, "resourceVersion") == metadataString(*change.object, "resourceVersion"))
      kept.push_back(std::move(change));
  }
  changes_ = std::move(kept);
  if (listener_) listener_();
}

}  // namespace lecter::testing
