#pragma once
/// What the ApiServer refuses in a v1 Endpoints body: first what cannot be decoded at all (400), then
/// what ValidateEndpoints (pkg/apis/core/validation/validation.go) rejects (422 Invalid).

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace lecter::testing {

/// One field.Error of k8s.io/apimachinery/pkg/util/validation/field.
struct FieldError {
  std::string type;   // the StatusCause reason: FieldValueInvalid, FieldValueRequired, FieldValueNotSupported
  std::string field;  // e.g. "subsets[0].addresses[1].ip"
  std::string body;   // ErrorBody(), e.g. `Invalid value: "127.0.0.1": may not be in the loopback range …`
};

/// field.Invalid: `shown` is the value as the ApiServer prints it (a string quoted, a number bare).
FieldError invalidValue(const std::string& field, const std::string& shown, const std::string& detail);
/// field.Required, with `detail` after "Required value: " when there is one.
FieldError requiredValue(const std::string& field, const std::string& detail = "");

/// Why the body cannot be decoded as a v1 Endpoints (wrong kind or apiVersion, a field of the wrong JSON
/// type), worded as the apiserver's decoder; nullopt when it can.
std::optional<std::string> endpointsDecodeError(const nlohmann::json& object);

/// The validation errors of a decoded, defaulted object; empty when valid.
std::vector<FieldError> validateEndpoints(const nlohmann::json& object);

/// The 422 Status of NewInvalid(Kind "Endpoints", name, errors).
nlohmann::json invalidEndpointsStatus(const std::string& name, const std::vector<FieldError>& errors);

}  // namespace lecter::testing
