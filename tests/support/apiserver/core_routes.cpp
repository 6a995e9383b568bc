#include "support/apiserver/core_routes.h"

#include "support/apiserver/request_body.h"
#include "support/apiserver/resource_path.h"
#include "support/apiserver/status.h"

namespace lecter::testing {

std::optional<WriteOutcome> routeServicesAndEvents(const CoreRequest& request, const ServiceStore& services,
                                                   EventStore& events) {
  if (auto match = matchPath(request.path, "/api/v1/namespaces/*/services/*")) {
    const std::string& ns = (*match)[0];
    const std::string& name = (*match)[1];
    if (request.method != "GET") return WriteOutcome{405, methodNotAllowedStatus()};
    if (auto object = services.get(ns, name)) return WriteOutcome{200, *object};
    return WriteOutcome{404, notFoundStatus("services", name)};
  }
  const auto match = matchPath(request.path, "/api/v1/namespaces/*/events");
  if (!match) return std::nullopt;
  const std::string& ns = (*match)[0];
  if (request.method != "POST") return WriteOutcome{405, methodNotAllowedStatus()};
  if (request.read_only) return WriteOutcome{403, forbiddenStatus(request.user, "create", "events", ns, "")};
  if (!request.body->object) return request.body->refusal;
  return events.create(ns, std::move(*request.body->object));
}

}  // namespace lecter::testing
