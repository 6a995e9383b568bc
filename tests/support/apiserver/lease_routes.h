#pragma once
/// The fixture's routes for coordination.k8s.io/v1 Leases: POST
/// /apis/coordination.k8s.io/v1/namespaces/NS/leases, GET and PUT …/leases/NAME (RBAC: a read-only token
/// gets 403 on writes).

#include <optional>

#include "support/apiserver/core_routes.h"
#include "support/apiserver/lease_store.h"

namespace lecter::testing {

/// The answer for a Lease path; nullopt for any other path, so the caller routes it.
std::optional<WriteOutcome> routeLeases(const CoreRequest& request, LeaseStore& leases);

}  // namespace lecter::testing
