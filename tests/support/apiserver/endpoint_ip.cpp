#include "support/apiserver/endpoint_ip.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "support/apiserver/status.h"

namespace lecter::testing {

EndpointIp parseEndpointIp(const std::string& text) {
  EndpointIp ip;
  std::array<std::uint8_t, 16> b{};
  ip.v4 = inet_pton(AF_INET, text.c_str(), b.data()) == 1;
  if (!ip.v4 && inet_pton(AF_INET6, text.c_str(), b.data()) != 1) return ip;
  ip.valid = true;
  // Go's net.IP treats IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) as IPv4.
  const bool mapped = !ip.v4 &&
                      std::all_of(b.begin(), b.begin() + 10, [](std::uint8_t x) { return x == 0; }) &&
                      b[10] == 0xff && b[11] == 0xff;
  if (mapped) std::copy(b.begin() + 12, b.end(), b.begin());
  ip.v4 = ip.v4 || mapped;
  const long len = ip.v4 ? 4 : 16;
  ip.unspecified = std::all_of(b.begin(), b.begin() + len, [](std::uint8_t x) { return x == 0; });
  ip.loopback =
      ip.v4 ? b[0] == 127
            : std::all_of(b.begin(), b.begin() + 15, [](std::uint8_t x) { return x == 0; }) && b[15] == 1;
  ip.link_local = ip.v4 ? b[0] == 169 && b[1] == 254 : b[0] == 0xfe && (b[1] & 0xc0) == 0x80;
  ip.link_local_multicast =
      ip.v4 ? b[0] == 224 && b[1] == 0 && b[2] == 0 : b[0] == 0xff && (b[1] & 0x0f) == 0x02;
  return ip;
}

void appendSpecialIpErrors(const EndpointIp& ip, const std::string& text, const std::string& field,
                           std::vector<FieldError>& errors) {
  auto refuse = [&](const std::string& detail) {
    errors.push_back({"FieldValueInvalid", field, "Invalid value: " + quoted(text) + ": " + detail});
  };
  if (ip.unspecified) refuse("may not be unspecified (" + text + ")");
  if (ip.loopback) refuse("may not be in the loopback range (127.0.0.0/8, ::1/128)");
  if (ip.link_local) refuse("may not be in the link-local range (169.254.0.0/16, fe80::/10)");
  if (ip.link_local_multicast)
    refuse("may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)");
}

}  // namespace lecter::testing
