#pragma once
/// How the ApiServer normalizes a v1 Endpoints object before storing it, so what a client reads back
/// may differ in shape from what it wrote (compare as sets).

#include <nlohmann/json.hpp>

namespace lecter::testing {

/// SetDefaults_Endpoints (pkg/apis/core/v1/defaults.go): a port without protocol gets "TCP".
void applyEndpointsDefaults(nlohmann::json& object);

/// RepackSubsets (pkg/api/v1/endpoints/util.go), which the Endpoints strategy's Canonicalize runs:
/// addresses (keyed by IP and targetRef.uid, first seen kept) are grouped by the identical set of ports
/// they serve, not-ready winning over ready for the same port; addresses sorted by IP text, ports
/// sorted. Kubernetes orders ports and subsets by a hash; this fixture sorts them by (name, port,
/// protocol) and by content, so a client can rely on neither order. An empty result means "no subsets".
nlohmann::json repackSubsets(const nlohmann::json& subsets);

}  // namespace lecter::testing
