#pragma once
/// The fixture's one resourceVersion counter (etcd's revision: one sequence for every kind) and the
/// log of changes that watches replay. Every store of the fixture takes its resourceVersions from here
/// and records each change here, so a watch from resourceVersion RV sees exactly the changes after RV.
/// Not thread-safe: the fixture locks around it.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace lecter::testing {

/// One change of one object, as a watch event carries it.
struct ObjectChange {
  std::uint64_t resource_version = 0;
  std::string resource;   // the URL's resource: "endpoints", "services", "endpointslices"
  std::string type;       // ADDED, MODIFIED, DELETED
  nlohmann::json object;  // the object after the change (for DELETED: as it was, with a new resourceVersion)
};

class ObjectHistory {
 public:
  /// The next resourceVersion, as text (resourceVersions are opaque strings to clients).
  std::string nextResourceVersion();
  /// The newest resourceVersion handed out (a list's metadata.resourceVersion).
  [[nodiscard]] std::uint64_t current() const { return current_; }
  /// Records a change; `object.metadata.resourceVersion` must be one handed out by nextResourceVersion().
  void record(const std::string& resource, const std::string& type, const nlohmann::json& object);
  /// Every change recorded, oldest first.
  [[nodiscard]] const std::vector<ObjectChange>& changes() const { return changes_; }

 private:
  std::uint64_t current_ = 1000;
  std::vector<ObjectChange> changes_;
};

}  // namespace lecter::testing
