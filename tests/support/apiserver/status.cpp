#include "support/apiserver/status.h"

namespace lecter::testing {

nlohmann::json statusBody(int code, const std::string& reason, const std::string& message,
                          const nlohmann::json& details) {
  nlohmann::json body = {{"kind", "Status"},    {"apiVersion", "v1"}, {"metadata", nlohmann::json::object()},
                         {"status", "Failure"}, {"message", message}, {"reason", reason}};
  if (!details.is_null()) body["details"] = details;
  body["code"] = code;
  return body;
}

std::string reasonForCode(int code) {
  // The StatusReason constants of k8s.io/apimachinery/pkg/apis/meta/v1/types.go.
  switch (code) {
    case 400:
      return "BadRequest";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 405:
      return "MethodNotAllowed";
    case 409:
      return "Conflict";
    case 410:
      return "Expired";
    case 415:
      return "UnsupportedMediaType";
    case 422:
      return "Invalid";
    case 429:
      return "TooManyRequests";
    case 500:
      return "InternalError";
    case 503:
      return "ServiceUnavailable";
    case 504:
      return "Timeout";
    default:
      return "Unknown";
  }
}

nlohmann::json faultStatus(int code) {
  return statusBody(code, reasonForCode(code),
                    "injected fault: the test asked for HTTP " + std::to_string(code),
                    nlohmann::json::object());
}

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

namespace {
// Errors about one object carry {name, kind} in details, with the *resource* ("endpoints") as kind
// and the group left out when it is the core group "".
nlohmann::json objectDetails(const std::string& resource, const std::string& name) {
  return {{"name", name}, {"kind", resource}};
}
}  // namespace

nlohmann::json notFoundStatus(const std::string& resource, const std::string& name) {
  return statusBody(404, "NotFound", resource + " " + quoted(name) + " not found",
                    objectDetails(resource, name));
}

nlohmann::json conflictStatus(const std::string& resource, const std::string& name) {
  // NewConflict with the registry's OptimisticLockErrorMsg.
  return statusBody(409, "Conflict",
                    "Operation cannot be fulfilled on " + resource + " " + quoted(name) +
                        ": the object has been modified; please apply your changes to the latest version "
                        "and try again",
                    objectDetails(resource, name));
}

nlohmann::json forbiddenStatus(const std::string& user, const std::string& verb, const std::string& resource,
                               const std::string& ns, const std::string& name) {
  // The RBAC authorizer's reason, wrapped by NewForbidden.
  return statusBody(403, "Forbidden",
                    resource + " " + quoted(name) + " is forbidden: User " + quoted(user) + " cannot " +
                        verb + " resource " + quoted(resource) + " in API group \"\" in the namespace " +
                        quoted(ns),
                    objectDetails(resource, name));
}

nlohmann::json unauthorizedStatus() { return statusBody(401, "Unauthorized", "Unauthorized"); }

nlohmann::json badRequestStatus(const std::string& message) { return statusBody(400, "BadRequest", message); }

nlohmann::json unsupportedMediaTypeStatus(const std::string& content_type) {
  return statusBody(415, "UnsupportedMediaType",
                    "the body of the request was in an unknown format - accepted media types include: "
                    "application/json, application/yaml, application/vnd.kubernetes.protobuf (got " +
                        quoted(content_type) + ")");
}

nlohmann::json methodNotAllowedStatus() {
  return statusBody(405, "MethodNotAllowed",
                    "the server does not allow this method on the requested resource",
                    nlohmann::json::object());
}

nlohmann::json unknownPathStatus() {
  return statusBody(404, "NotFound", "the server could not find the requested resource",
                    nlohmann::json::object());
}

}  // namespace lecter::testing
