#pragma once
/// The fixture's v1 Service objects, put there by the test (as `kubectl apply` would) and read by
/// lecter with GET /api/v1/namespaces/NS/services/NAME: 200 with the object, 404 NotFound Status
/// (`services "NAME" not found`) when absent. resourceVersions come from the fixture's one
/// ObjectHistory, and every change is recorded there ("services") for lists and watches.
/// Not thread-safe: the fixture locks around it.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "support/apiserver/object_history.h"

namespace lecter::testing {

class ServiceStore {
 public:
  explicit ServiceStore(ObjectHistory& history) : history_(history) {}

  [[nodiscard]] std::optional<nlohmann::json> get(const std::string& ns, const std::string& name) const;
  /// Stores `object` as ns/name with kind, apiVersion, namespace, a uid (kept across updates) and a
  /// new resourceVersion filled in, as the registry does; recorded as ADDED or MODIFIED; returns the
  /// stored object.
  nlohmann::json put(const std::string& ns, const std::string& name, nlohmann::json object);
  /// Deletes ns/name if present, recorded as DELETED (the object as it was, with a new resourceVersion).
  void remove(const std::string& ns, const std::string& name);

 private:
  ObjectHistory& history_;
  std::map<std::pair<std::string, std::string>, nlohmann::json> objects_;
  std::uint64_t uids_made_ = 0;
};

}  // namespace lecter::testing
