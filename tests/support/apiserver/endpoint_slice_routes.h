#pragma once
/// The fixture's routes for discovery.k8s.io/v1 EndpointSlices, one object at a time:
/// POST /apis/discovery.k8s.io/v1/namespaces/NS/endpointslices (create) and GET, PUT, DELETE of
/// …/endpointslices/NAME. Listing and watching the collection (GET …/endpointslices) is not answered
/// here: it is served from the fixture's ObjectHistory, where every write of these routes is recorded.

#include <optional>

#include "support/apiserver/core_routes.h"
#include "support/apiserver/endpoint_slice_store.h"

namespace lecter::testing {

/// The answer for an authenticated request to one of the routes above; nullopt for any other path or
/// method, so the caller routes it. A read-only token may GET (RBAC get) but not create, update or
/// delete (403 Forbidden).
std::optional<WriteOutcome> routeEndpointSlices(const CoreRequest& request, EndpointSliceStore& slices);

}  // namespace lecter::testing
