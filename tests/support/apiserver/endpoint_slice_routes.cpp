#include "support/apiserver/endpoint_slice_routes.h"

#include "support/apiserver/endpoint_slice_status.h"
#include "support/apiserver/request_body.h"
#include "support/apiserver/resource_path.h"
#include "support/apiserver/status.h"

namespace lecter::testing {

std::optional<WriteOutcome> routeEndpointSlices(const CoreRequest& request, EndpointSliceStore& slices) {
  if (auto match = matchPath(request.path, "/apis/discovery.k8s.io/v1/namespaces/*/endpointslices")) {
    if (request.method != "POST") return std::nullopt;  // list and watch are served elsewhere
    const std::string& ns = (*match)[0];
    if (request.read_only) return WriteOutcome{403, sliceForbiddenStatus(request.user, "create", ns, "")};
    if (!request.body->object) return request.body->refusal;
    return slices.create(ns, std::move(*request.body->object));
  }
  const auto match = matchPath(request.path, "/apis/discovery.k8s.io/v1/namespaces/*/endpointslices/*");
  if (!match) return std::nullopt;
  const std::string& ns = (*match)[0];
  const std::string& name = (*match)[1];
  if (request.method == "GET") {
    if (auto object = slices.get(ns, name)) return WriteOutcome{200, *object};
    return WriteOutcome{404, sliceNotFoundStatus(name)};
  }
  if (request.method == "PUT") {
    if (request.read_only) return WriteOutcome{403, sliceForbiddenStatus(request.user, "update", ns, name)};
    if (!request.body->object) return request.body->refusal;
    return slices.update(ns, name, std::move(*request.body->object));
  }
  if (request.method == "DELETE") {
    if (request.read_only) return WriteOutcome{403, sliceForbiddenStatus(request.user, "delete", ns, name)};
    return slices.remove(ns, name);
  }
  return WriteOutcome{405, methodNotAllowedStatus()};
}

}  // namespace lecter::testing
