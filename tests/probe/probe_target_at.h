#pragma once
/// A ProbeTarget from an address written as text, for the probe tests.

#include <cstdint>
#include <stdexcept>
#include <string>

#include "lecter/base/ip_address.h"
#include "lecter/probe/probe_result.h"

namespace lecter::testing {

inline ProbeTarget targetAt(const std::string& ip, std::uint16_t port) {
  const auto address = parseIpAddress(ip);
  if (!address) throw std::invalid_argument("not an IP address: " + ip);
  return ProbeTarget{*address, port};
}

}  // namespace lecter::testing
