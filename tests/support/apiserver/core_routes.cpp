#include "support/apiserver/core_routes.h"

#include <regex>
#include <stdexcept>

#include "support/apiserver/status.h"
#include "support/apiserver/yaml_to_json.h"

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
  // The apiserver decodes JSON and YAML bodies (among others) by Content-Type.
  nlohmann::json object;
  try {
    if (request.media_type == "application/json") {
      object = nlohmann::json::parse(request.body);
    } else if (request.media_type == "application/yaml") {
      object = yamlToJson(request.body);
    } else {
      return WriteOutcome{415, unsupportedMediaTypeStatus(request.media_type)};
    }
  } catch (const nlohmann::json::parse_error& e) {
    return WriteOutcome{
        400, badRequestStatus(std::string("couldn't get version/kind; json parse error: ") + e.what())};
  } catch (const std::runtime_error& e) {
    return WriteOutcome{400, badRequestStatus(e.what())};
  }
  return events.create(ns, std::move(object));
}

}  // namespace lecter::testing
