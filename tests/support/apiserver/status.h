#pragma once
/// metav1.Status failure bodies, shaped and worded as k8s.io/apimachinery/pkg/api/errors builds them
/// (NewNotFound, NewConflict, NewForbidden, NewUnauthorized, NewBadRequest, NewMethodNotSupported).

#include <string>

#include <nlohmann/json.hpp>

namespace lecter::testing {

/// {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message",…,"code"}; `details`
/// is left out when null, as Go's omitempty does.
nlohmann::json statusBody(int code, const std::string& reason, const std::string& message,
                          const nlohmann::json& details = nullptr);
/// The metav1.StatusReason the apiserver uses for an HTTP code (e.g. 500 → "InternalError").
std::string reasonForCode(int code);
/// A Status for an injected fault with `code`.
nlohmann::json faultStatus(int code);

/// Go's %q for plain names: the text in double quotes, with quotes and backslashes escaped.
std::string quoted(const std::string& text);

nlohmann::json notFoundStatus(const std::string& resource, const std::string& name);
nlohmann::json conflictStatus(const std::string& resource, const std::string& name);
nlohmann::json forbiddenStatus(const std::string& user, const std::string& verb, const std::string& resource,
                               const std::string& ns, const std::string& name);
nlohmann::json unauthorizedStatus();
nlohmann::json badRequestStatus(const std::string& message);
nlohmann::json unsupportedMediaTypeStatus(const std::string& content_type);
nlohmann::json methodNotAllowedStatus();
/// The 404 for paths the server does not serve at all.
nlohmann::json unknownPathStatus();

}  // namespace lecter::testing
