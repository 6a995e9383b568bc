#pragma once
/// Addresses of Endpoints and EndpointSlices, read as the ApiServer reads them (Go's net.ParseIP, where
/// an IPv4-mapped IPv6 address such as ::ffff:198.18.0.1 counts as IPv4), and the ranges that
/// ValidateEndpointIP (pkg/apis/core/validation/validation.go) refuses in both kinds.

#include <string>
#include <vector>

#include "support/apiserver/endpoints_validation.h"

namespace lecter::testing {

/// What one address text is.
struct EndpointIp {
  bool valid = false;  // an IPv4 or IPv6 address at all
  bool v4 = false;     // IPv4, or IPv4-mapped IPv6
  bool unspecified = false;
  bool loopback = false;
  bool link_local = false;            // 169.254.0.0/16, fe80::/10
  bool link_local_multicast = false;  // 224.0.0.0/24, ffX2::/16 (multicast of link-local scope)
};

EndpointIp parseEndpointIp(const std::string& text);

/// ValidateEndpointIP's errors for a valid address at `field`: unspecified, loopback, link-local and
/// link-local multicast are refused, global multicast passes (as in Kubernetes).
void appendSpecialIpErrors(const EndpointIp& ip, const std::string& text, const std::string& field,
                           std::vector<FieldError>& errors);

}  // namespace lecter::testing
