#pragma once
/// The fixture's v1 Service objects, put there by the test (as `kubectl apply` would) and read by
/// lecter with GET /api/v1/namespaces/NS/services/NAME: 200 with the object, 404 NotFound Status
/// (`services "NAME" not found`) when absent. Not thread-safe: the fixture locks around it.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace lecter::testing {

class ServiceStore {
 public:
  [[nodiscard]] std::optional<nlohmann::json> get(const std::string& ns, const std::string& name) const;
  /// Stores `object` as ns/name with kind, apiVersion, namespace, a uid (kept across updates) and a
  /// new resourceVersion filled in, as the registry does; returns the stored object.
  nlohmann::json put(const std::string& ns, const std::string& name, nlohmann::json object);
  void remove(const std::string& ns, const std::string& name);

 private:
  std::map<std::pair<std::string, std::string>, nlohmann::json> objects_;
  std::uint64_t resource_version_ = 5000;
  std::uint64_t uids_made_ = 0;
};

}  // namespace lecter::testing
