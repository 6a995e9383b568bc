#pragma once
/// The fixture's coordination.k8s.io/v1 Leases, kept by the registry's rules for them
/// (pkg/registry/coordination/lease, pkg/apis/coordination/validation):
/// - POST creates (201); a Lease that exists is 409 AlreadyExists; a body without metadata.name is 422.
/// - PUT must carry metadata.resourceVersion (Leases allow no unconditional update: 422 "must be
///   specified for an update"); a stale one is 409 Conflict; a Lease that does not exist is 404.
/// - spec.leaseDurationSeconds must be greater than 0 and spec.leaseTransitions not negative (422).
/// Messages name the group-qualified resource, `leases.coordination.k8s.io "NAME"`. Every write gets a
/// resourceVersion from the fixture's one ObjectHistory. Not thread-safe: the fixture locks around it.

#include <map>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "support/apiserver/endpoints_store.h"
#include "support/apiserver/object_history.h"

namespace lecter::testing {

class LeaseStore {
 public:
  explicit LeaseStore(ObjectHistory& history) : history_(history) {}

  [[nodiscard]] std::optional<nlohmann::json> get(const std::string& ns, const std::string& name) const;
  WriteOutcome create(const std::string& ns, nlohmann::json object);
  WriteOutcome update(const std::string& ns, const std::string& name, nlohmann::json object);

 private:
  ObjectHistory& history_;
  std::map<std::pair<std::string, std::string>, nlohmann::json> objects_;
};

/// NewForbidden for leases: `name` is empty for a create.
nlohmann::json leaseForbiddenStatus(const std::string& user, const std::string& verb, const std::string& ns,
                                    const std::string& name);
/// NewNotFound: `leases.coordination.k8s.io "NAME" not found`.
nlohmann::json leaseNotFoundStatus(const std::string& name);

}  // namespace lecter::testing
