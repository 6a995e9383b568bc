#include "lecter/base/ip_address.h"

#include <arpa/inet.h>

#include <array>
#include <cstdint>

namespace lecter {

std::string IpAddress::refusedByKubernetes() const {
  if (unspecified) return "must not be unspecified (0.0.0.0 or ::)";
  if (loopback) return "must not be in the loopback range (127.0.0.0/8, ::1/128)";
  if (link_local) return "must not be in the link-local range (169.254.0.0/16, fe80::/10)";
  if (multicast) return "must not be a multicast address (224.0.0.0/4, ff00::/8)";
  return {};
}

std::optional<IpAddress> parseIpAddress(std::string_view text) {
  const std::string input(text);
  IpAddress out;
  std::array<char, INET6_ADDRSTRLEN> buf{};
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, input.c_str(), &v4) == 1) {
    const std::uint32_t a = ntohl(v4.s_addr);
    out.family = IpFamily::V4;
    out.loopback = (a >> 24) == 127;
    out.link_local = (a >> 16) == 0xA9FE;
    out.unspecified = a == 0;
    out.multicast = (a >> 28) == 0xE;
    inet_ntop(AF_INET, &v4, buf.data(), buf.size());
  } else if (inet_pton(AF_INET6, input.c_str(), &v6) == 1) {
    out.family = IpFamily::V6;
    if (IN6_IS_ADDR_V4MAPPED(&v6)) return std::nullopt;  // Kubernetes refuses the mapped form too.
    out.loopback = IN6_IS_ADDR_LOOPBACK(&v6);
    out.link_local = IN6_IS_ADDR_LINKLOCAL(&v6);
    out.unspecified = IN6_IS_ADDR_UNSPECIFIED(&v6);
    out.multicast = IN6_IS_ADDR_MULTICAST(&v6);
    inet_ntop(AF_INET6, &v6, buf.data(), buf.size());
  } else {
    return std::nullopt;
  }
  out.text = buf.data();
  return out;
}

}  // namespace lecter
