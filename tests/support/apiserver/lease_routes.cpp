#include "support/apiserver/lease_routes.h"

#include "support/apiserver/resource_path.h"
#include "support/apiserver/status.h"

namespace lecter::testing {

std::optional<WriteOutcome> routeLeases(const CoreRequest& request, LeaseStore& leases) {
  if (auto match = matchPath(request.path, "/apis/coordination.k8s.io/v1/namespaces/*/leases")) {
    if (request.method != "POST") return WriteOutcome{405, methodNotAllowedStatus()};
    const std::string& ns = (*match)[0];
    if (request.read_only) return WriteOutcome{403, leaseForbiddenStatus(request.user, "create", ns, "")};
    if (!request.body->object) return request.body->refusal;
    return leases.create(ns, std::move(*request.body->object));
  }
  const auto match = matchPath(request.path, "/apis/coordination.k8s.io/v1/namespaces/*/leases/*");
  if (!match) return std::nullopt;
  const std::string& ns = (*match)[0];
  const std::string& name = (*match)[1];
  if (request.method == "GET") {
    if (auto object = leases.get(ns, name)) return WriteOutcome{200, *object};
    return WriteOutcome{404, leaseNotFoundStatus(name)};
  }
  if (request.method != "PUT") return WriteOutcome{405, methodNotAllowedStatus()};
  if (request.read_only) return WriteOutcome{403, leaseForbiddenStatus(request.user, "update", ns, name)};
  if (!request.body->object) return request.body->refusal;
  return leases.update(ns, name, std::move(*request.body->object));
}

}  // namespace lecter::testing
