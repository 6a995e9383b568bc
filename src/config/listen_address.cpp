#include <cstdint>

#include "lecter/base/ip_address.h"
#include "lecter/config/config.h"
#include "scalar_text.h"

namespace lecter {

std::optional<std::string> parseListenAddress(std::string_view text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  // Port 0: the system picks a free one.
  const auto parsed =
      port_text == "0" ? std::optional<std::uint16_t>(0) : config_internal::parsePort(port_text);
  if (!parsed) return std::nullopt;
  const unsigned port = *parsed;
  // An IP, not a host name: the listener binds to it.
  const bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  if (bracketed) host = host.substr(1, host.size() - 2);
  const auto address = parseIpAddress(std::string(host));
  if (!address || (address->family == IpFamily::V6) != bracketed) return std::nullopt;
  // Appended piece by piece: GCC 12 -O3 warns on ":" + std::to_string(…) (-Wrestrict, a false positive).
  std::string listen = bracketed ? "[" + address->text + "]" : address->text;
  listen += ':';
  listen += std::to_string(port);
  return listen;
}

}  // namespace lecter
