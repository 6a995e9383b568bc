#pragma once
/// What one TCP probe of one ip:port found.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lecter/base/ip_address.h"

namespace lecter {

struct ProbeTarget {
  IpAddress ip;
  std::uint16_t port = 0;
};

enum class ProbeOutcome {
  Up,           // the TCP handshake completed
  Refused,      // RST: nothing listens there
  Timeout,      // no answer before the deadline
  Unreachable,  // host or network unreachable (ICMP, no route)
  OtherError,   // any other error the target's side caused
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
  ProbeOutcome outcome = ProbeOutcome::Timeout;
  std::chrono::microseconds latency{0};  // from connect() to the outcome
  std::string error;                     // strerror text when not Up, empty otherwise
};

/// "5 up, 1 refused, 1 timeout": how many of each outcome, in the order of ProbeOutcome, outcomes
/// nobody had left out ("none" for no results). For the one debug line a cycle logs.
std::string describeOutcomes(const std::vector<ProbeResult>& results);

}  // namespace lecter
