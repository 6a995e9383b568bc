#pragma once
/// metav1.Status bodies about a resource of a named API group, worded as k8s.io/apimachinery/pkg/api/errors
/// words them: the qualified resource ("endpointslices.discovery.k8s.io") in messages, and details
/// carrying the group with the resource as kind. One wording for EndpointSlices and Leases.

#include <string>

#include <nlohmann/json.hpp>

namespace lecter::testing {

struct GroupResource {
  std::string group;     // "discovery.k8s.io"
  std::string resource;  // "endpointslices"
  [[nodiscard]] std::string qualified() const { return resource + "." + group; }
};

/// {group, kind: resource, name (omitted when empty)}.
nlohmann::json groupDetails(const GroupResource& what, const std::string& name);
/// NewNotFound: `RESOURCE.GROUP "NAME" not found`.
nlohmann::json groupNotFoundStatus(const GroupResource& what, const std::string& name);
/// NewAlreadyExists (409, reason AlreadyExists).
nlohmann::json groupAlreadyExistsStatus(const GroupResource& what, const std::string& name);
/// NewConflict with the registry's OptimisticLockErrorMsg (409, reason Conflict).
nlohmann::json groupConflictStatus(const GroupResource& what, const std::string& name);
/// NewForbidden with the RBAC authorizer's reason; `name` is empty for a create.
nlohmann::json groupForbiddenStatus(const GroupResource& what, const std::string& user,
                                    const std::string& verb, const std::string& ns, const std::string& name);

}  // namespace lecter::testing
