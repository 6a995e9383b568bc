#include "support/apiserver/endpoint_slice_status.h"

#include "support/apiserver/status.h"

namespace lecter::testing {
namespace {

using nlohmann::json;

constexpr const char* kGroup = "discovery.k8s.io";
constexpr const char* kResource = "endpointslices";
constexpr const char* kQualifiedResource = "endpointslices.discovery.k8s.io";

json details(const std::string& name) {
  json body = {{"group", kGroup}, {"kind", kResource}};
  if (!name.empty()) body["name"] = name;  // omitempty
  return body;
}

}  // namespace

json sliceNotFoundStatus(const std::string& name) {
  return statusBody(404, "NotFound", std::string(kQualifiedResource) + " " + quoted(name) + " not found",
                    details(name));
}

json sliceAlreadyExistsStatus(const std::string& name) {
  return statusBody(409, "AlreadyExists",
                    std::string(kQualifiedResource) + " " + quoted(name) + " already exists", details(name));
}

json sliceConflictStatus(const std::string& name) {
  return statusBody(409, "Conflict",
                    std::string("Operation cannot be fulfilled on ") + kQualifiedResource + " " +
                        quoted(name) +
                        ": the object has been modified; please apply your changes to the latest version and "
                        "try again",
                    details(name));
}

json sliceForbiddenStatus(const std::string& user, const std::string& verb, const std::string& ns,
                          const std::string& name) {
  const std::string subject =
      name.empty() ? kQualifiedResource : std::string(kQualifiedResource) + " " + quoted(name);
  return statusBody(403, "Forbidden",
                    subject + " is forbidden: User " + quoted(user) + " cannot " + verb + " resource " +
                        quoted(kResource) + " in API group " + quoted(kGroup) + " in the namespace " +
                        quoted(ns),
                    details(name));
}

json sliceDeletedStatus(const std::string& name, const std::string& uid) {
  json body = {{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", json::object()}, {"status", "Success"}};
  body["details"] = details(name);
  body["details"]["uid"] = uid;
  return body;
}

json resourceVersionOnCreateStatus() {
  json body = statusBody(500, "", "resourceVersion should not be set on objects to be created");
  body.erase("reason");  // StatusReasonUnknown is "", left out by omitempty
  return body;
}

}  // namespace lecter::testing
