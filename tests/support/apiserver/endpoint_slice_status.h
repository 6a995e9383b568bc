#pragma once
/// metav1.Status bodies about endpointslices.discovery.k8s.io, worded as k8s.io/apimachinery/pkg/api/errors
/// words them for a resource of a named API group: the qualified resource ("endpointslices.discovery.k8s.io")
/// in messages, and details carrying the group with the resource as kind.

#include <string>

#include <nlohmann/json.hpp>

namespace lecter::testing {

/// NewNotFound: `endpointslices.discovery.k8s.io "NAME" not found`.
nlohmann::json sliceNotFoundStatus(const std::string& name);
/// NewAlreadyExists (409, reason AlreadyExists): `endpointslices.discovery.k8s.io "NAME" already exists`.
nlohmann::json sliceAlreadyExistsStatus(const std::string& name);
/// NewConflict with the registry's OptimisticLockErrorMsg (409, reason Conflict).
nlohmann::json sliceConflictStatus(const std::string& name);
/// NewForbidden with the RBAC authorizer's reason; `name` is empty for a create.
nlohmann::json sliceForbiddenStatus(const std::string& user, const std::string& verb, const std::string& ns,
                                    const std::string& name);
/// What the generic registry's Delete answers (ReturnDeletedObject is false for EndpointSlices): 200 with
/// {"status":"Success","details":{name, group, kind: "endpointslices", uid}}.
nlohmann::json sliceDeletedStatus(const std::string& name, const std::string& uid);
/// The etcd3 storage refuses a create that carries metadata.resourceVersion with a plain error, which
/// the apiserver turns into a 500 Status without a reason.
nlohmann::json resourceVersionOnCreateStatus();

}  // namespace lecter::testing
