#pragma once
/// What one TCP probe of one ip:port found.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

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

std::string_view toString(ProbeOutcome outcome);

/// True for the outcomes that count against a target (all but Up and LocalError).
inline bool isTargetDown(ProbeOutcome outcome) {
  return outcome != ProbeOutcome::Up && outcome != ProbeOutcome::LocalError;
}

struct ProbeResult {
  ProbeOutcome outcome = ProbeOutcome::Timeout;
  std::chrono::microseconds latency{0};  // from connect() to the outcome
  std::string error;                     // strerror text when not Up, empty otherwise
};

}  // namespace lecter
