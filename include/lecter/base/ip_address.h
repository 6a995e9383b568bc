#pragma once
/// IP address parsing and the classes of address Kubernetes refuses in Endpoints.

#include <optional>
#include <string>
#include <string_view>

namespace lecter {

enum class IpFamily { V4, V6 };

struct IpAddress {
  IpFamily family = IpFamily::V4;
  /// Canonical text (inet_ntop), e.g. "2001:2::a" for "2001:0002:0:0:0:0:0:000a".
  std::string text;
  bool loopback = false;     // 127.0.0.0/8, ::1
  bool link_local = false;   // 169.254.0.0/16, fe80::/10
  bool unspecified = false;  // 0.0.0.0, ::
  bool multicast = false;    // 224.0.0.0/4, ff00::/8

  /// Why Kubernetes refuses it in an Endpoints or EndpointSlice object, or empty when it accepts it
  /// (k8s.io/kubernetes pkg/apis/core/validation ValidateNonSpecialIP).
  [[nodiscard]] std::string refusedByKubernetes() const;

  bool operator==(const IpAddress& other) const { return family == other.family && text == other.text; }
};

/// Parses a literal IPv4 or IPv6 address; nullopt when it is not one (no host names, no zones).
std::optional<IpAddress> parseIpAddress(std::string_view text);

}  // namespace lecter
