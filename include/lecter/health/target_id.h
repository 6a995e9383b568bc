#pragma once
/// Which target a health, a record or a transition belongs to: one address and port of one service.

#include <compare>
#include <cstdint>
#include <string>

namespace lecter {

struct TargetId {
  std::string service;  // the service key of the config
  std::string address;  // the IP as written in the config
  std::uint16_t port = 0;

  auto operator<=>(const TargetId&) const = default;
  /// "service/ip:port" ("service/[ip]:port" for IPv6): the key of a target in every store.
  [[nodiscard]] std::string key() const;
  /// "ip:port" or "[ip]:port".
  [[nodiscard]] std::string endpoint() const;
};

}  // namespace lecter
