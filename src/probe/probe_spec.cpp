#include "lecter/probe/probe_spec.h"

namespace lecter {

std::string_view toString(ProbeKind kind) {
  switch (kind) {
    case ProbeKind::Tcp:
      return "tcp";
    case ProbeKind::Http:
      return "http";
    case ProbeKind::Https:
      return "https";
    case ProbeKind::Tls:
      return "tls";
    case ProbeKind::Grpc:
      return "grpc";
    case ProbeKind::Udp:
      return "udp";
  }
  return "tcp";
}

std::optional<ProbeKind> probeKindFromString(std::string_view text) {
  for (std::size_t i = 0; i < kProbeKindCount; ++i) {
    if (toString(static_cast<ProbeKind>(i)) == text) return static_cast<ProbeKind>(i);
  }
  return std::nullopt;
}

}  // namespace lecter
