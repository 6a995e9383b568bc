#pragma once
/// What the ApiServer refuses in a discovery.k8s.io/v1 EndpointSlice body: first what cannot be decoded
/// at all (400), then what pkg/apis/discovery/validation/validation.go rejects (422 Invalid), after the
/// defaults of pkg/apis/discovery/v1/defaults.go.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/apiserver/endpoints_validation.h"

namespace lecter::testing {

/// Limits of validation.go: endpoints per slice, addresses per endpoint, ports per slice. maxPorts has
/// been 20,000 since Kubernetes 1.21 (kubernetes/kubernetes#99795, back-ported to 1.18-1.20); it was 100.
inline constexpr std::size_t kMaxSliceEndpoints = 1000;
inline constexpr std::size_t kMaxEndpointAddresses = 100;
inline constexpr std::size_t kMaxSlicePorts = 20000;

/// Why the body cannot be decoded as a discovery.k8s.io/v1 EndpointSlice (another kind or apiVersion, a
/// field of the wrong JSON type), worded as the apiserver's decoder; nullopt when it can.
std::optional<std::string> endpointSliceDecodeError(const nlohmann::json& object);

/// SetDefaults_EndpointPort: a port without name gets "", without protocol "TCP".
void applyEndpointSliceDefaults(nlohmann::json& object);

/// ValidateEndpointSliceCreate on a decoded, defaulted object whose metadata.name is final.
std::vector<FieldError> validateEndpointSliceCreate(const nlohmann::json& slice);

/// ValidateEndpointSliceUpdate: as on create, except that endpoints equal to the stored ones are not
/// validated again, and addressType may not change.
std::vector<FieldError> validateEndpointSliceUpdate(const nlohmann::json& slice, const nlohmann::json& old);

/// The 422 Status of NewInvalid({discovery.k8s.io, EndpointSlice}, name, errors):
/// `EndpointSlice.discovery.k8s.io "NAME" is invalid: endpoints: Too many: 1001: must have at most 1000
/// items`.
nlohmann::json invalidEndpointSliceStatus(const std::string& name, const std::vector<FieldError>& errors);

}  // namespace lecter::testing
