#include "support/apiserver/core_routes.h"

#include <regex>

#include "support/apiserver/request_body.h"
#include "support/apiserver/status.h"

namespace lecter::testing {

std::optional<WriteOutcome> routeServicesAndEvents(const CoreRequest& request, const ServiceStore& services,
                                                   EventStore& events) {
  static const std::regex kServicePath("/api/v1/namespaces/([^/]+)/services/([^/]+)");
  static const std::regex kEventsPath("/api/v1/namespaces/([^/]+)/events");
  std::smatch match;
  if (std::regex_match(request.path, match, kServicePath)) {
    const std::string ns = match[1];
    const std::string name = match[2];
    if (request.method != "GET") return WriteOutcome{405, methodNotAllowedStatus()};
    if (auto object = services.get(ns, name)) return WriteOutcome{200, *object};
    return WriteOutcome{404, notFoundStatus("services", name)};
  }
  if (!std::regex_match(request.path, match, kEventsPath)) return std::nullopt;
  const std::string ns = match[1];
  if (request.method != "POST") return WriteOutcome{405, methodNotAllowedStatus()};
  if (request.read_only) return WriteOutcome{403, forbiddenStatus(request.user, "create", "events", ns, "")};
  DecodedBody body = decodeRequestBody(request.media_type, request.body);
  if (!body.object) return body.refusal;
  return events.create(ns, std::move(*body.object));
}

}  // namespace lecter::testing
