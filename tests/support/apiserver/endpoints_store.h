#pragma once
/// The fixture's storage of v1 Endpoints objects, with the registry's write rules (generic
/// registry Store.Update and the Endpoints strategy). Not thread-safe: the fixture locks around it.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace lecter::testing {

/// What a write answered: 200/201 with the stored object, or a Status body with its code.
struct WriteOutcome {
  int code = 0;
  nlohmann::json body;
};

class EndpointsStore {
 public:
  [[nodiscard]] std::optional<nlohmann::json> get(const std::string& ns, const std::string& name) const;
  /// A PUT of `object` to ns/name: decode checks (400), name/namespace against the URL (400),
  /// resourceVersion (409), defaults, validation (422), repacking; then stores it with a new
  /// resourceVersion (201 when created, 200 when updated).
  WriteOutcome put(const std::string& ns, const std::string& name, nlohmann::json object);
  void remove(const std::string& ns, const std::string& name);

 private:
  std::string nextResourceVersion();

  std::map<std::pair<std::string, std::string>, nlohmann::json> objects_;
  std::uint64_t resource_version_ = 1000;  // one counter for all writes, like etcd's revision
  std::uint64_t uids_made_ = 0;
};

}  // namespace lecter::testing
