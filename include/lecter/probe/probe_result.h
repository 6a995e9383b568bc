#pragma once
/// What one probe of one ip:port found.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lecter/base/ip_address.h"
#include "lecter/probe/probe_spec.h"

namespace lecter {

struct ProbeTarget {
  ProbeTarget() = default;
  ProbeTarget(IpAddress ip_address, std::uint16_t port_number,
              std::shared_ptr<const ProbeSpec> probe_spec = nullptr)
      : ip(std::move(ip_address)), port(port_number), spec(std::move(probe_spec)) {}

  IpAddress ip;
  std::uint16_t port = 0;
  /// How to probe it; null: a TCP connect. Shared by the targets of one service's port.
  std::shared_ptr<const ProbeSpec> spec;

  [[nodiscard]] ProbeKind kind() const { return spec ? spec->kind : ProbeKind::Tcp; }
};

enum class ProbeOutcome {
  Up,           // the TCP handshake completed
  Refused,      // RST: nothing listens there
  Timeout,      // no answer before the deadline
  Unreachable,  // host or network unreachable (ICMP, no route)
  OtherError,   // any other error the target's side caused (a protocol's answer that makes no sense)
  Unhealthy,    // it answered and the answer says down: HTTP status or body, gRPC status, certificate
  LocalError,   // our own fault (EMFILE, EADDRNOTAVAIL…): says nothing about the target
};

/// How many ProbeOutcome values there are (LocalError is the last), for tables indexed by outcome.
inline constexpr std::size_t kProbeOutcomeCount = static_cast<std::size_t>(ProbeOutcome::LocalError) + 1;

std::string_view toString(ProbeOutcome outcome);
/// Inverse of toString; nullopt for a name it never gives.
std::optional<ProbeOutcome> probeOutcomeFromString(std::string_view text);

/// True for the outcomes that count against a target (all but Up and LocalError).
inline bool isTargetDown(ProbeOutcome outcome) {
  return outcome != ProbeOutcome::Up && outcome != ProbeOutcome::LocalError;
}

struct ProbeResult {
  ProbeResult() = default;
  ProbeResult(ProbeOutcome probe_outcome, std::chrono::microseconds probe_latency = {},
              std::string error_text = {})
      : outcome(probe_outcome), latency(probe_latency), error(std::move(error_text)) {}

  ProbeOutcome outcome = ProbeOutcome::Timeout;
  std::chrono::microseconds latency{0};  // from connect() to the outcome
  /// Why it is not Up, empty otherwise: strerror text, or the protocol's own words ("HTTP 503",
  /// "certificate has expired", "gRPC NOT_SERVING").
  std::string error;
  /// TLS kinds whose handshake got the peer's certificate: days until it expires (negative: expired).
  std::optional<double> cert_days_left;
};

/// "5 up, 1 refused, 1 timeout": how many of each outcome, in the order of ProbeOutcome, outcomes
/// nobody had left out ("none" for no results). For the one debug line a cycle logs.
std::string describeOutcomes(const std::vector<ProbeResult>& results);

}  // namespace lecter
