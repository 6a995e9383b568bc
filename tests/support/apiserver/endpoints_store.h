#pragma once
/// The fixture's storage of v1 Endpoints objects, with the registry's write rules (generic
/// registry Store.Update and the Endpoints strategy). resourceVersions come from the fixture's one
/// ObjectHistory, and every change is recorded there ("endpoints") for lists and watches.
/// Not thread-safe: the fixture locks around it.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "support/apiserver/object_history.h"

namespace lecter::testing {

/// What a write answered: 200/201 with the stored object, or a Status body with its code.
struct WriteOutcome {
  int code = 0;
  nlohmann::json body;
};

class EndpointsStore {
 public:
  explicit EndpointsStore(ObjectHistory& history) : history_(history) {}

  [[nodiscard]] std::optional<nlohmann::json> get(const std::string& ns, const std::string& name) const;
  /// A PUT of `object` to ns/name: decode checks (400), name/namespace against the URL (400),
  /// resourceVersion (409), defaults, validation (422), repacking; then stores it with a new
  /// resourceVersion (201 when created, 200 when updated), recorded as ADDED or MODIFIED.
  WriteOutcome put(const std::string& ns, const std::string& name, nlohmann::json object);
  /// Deletes ns/name if present, recorded as DELETED (the object as it was, with a new resourceVersion).
  void remove(const std::string& ns, const std::string& name);

 private:
  ObjectHistory& history_;
  std::map<std::pair<std::string, std::string>, nlohmann::json> objects_;
  std::uint64_t uids_made_ = 0;
};

}  // namespace lecter::testing
