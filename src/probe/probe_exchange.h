#pragma once
// One protocol's part of a probe: what it says and waits for once the cycle has connected the
// socket. The cycle (probe_cycle.h) owns the socket, the deadline, the waves and the results; an
// exchange only reads and writes, and says what it needs next. One file per protocol
// (http_exchange, tls_exchange, grpc_exchange, udp_exchange); TCP has none: the handshake is the
// probe. Private to the probe module.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "lecter/probe/probe_result.h"

namespace lecter {

/// What an exchange needs next: to wait for the socket (and perhaps for a time), or nothing, for it
/// is over.
struct ExchangeStep {
  bool done = false;
  ProbeResult result;        // when done: outcome, error, cert_days_left; the cycle times it
  std::uint32_t events = 0;  // when waiting: EPOLLIN and/or EPOLLOUT
  std::optional<std::chrono::milliseconds> wake_after;  // when waiting: resume(0) after this anyway

  static ExchangeStep waitFor(std::uint32_t events) { return ExchangeStep{false, {}, events, std::nullopt}; }
  static ExchangeStep finished(ProbeOutcome outcome, std::string error = {}) {
    ExchangeStep step;
    step.done = true;
    step.result.outcome = outcome;
    step.result.error = std::move(error);
    return step;
  }
  static ExchangeStep finished(ProbeResult result) {
    ExchangeStep step;
    step.done = true;
    step.result = std::move(result);
    return step;
  }
};

class ProbeExchange {
 public:
  virtual ~ProbeExchange() = default;
  /// The socket `fd` is connected (a stream's handshake completed; a datagram socket connected).
  /// The exchange never closes it; it must not touch it once destroyed.
  virtual ExchangeStep begin(int fd) = 0;
  /// The socket is ready for `events` (EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP), or 0: the wake
  /// time asked for came.
  virtual ExchangeStep resume(std::uint32_t events) = 0;
  /// What a probe whose deadline passed during the exchange found: usually Timeout, with what it
  /// was waiting for as its error.
  [[nodiscard]] virtual ProbeResult resultAtDeadline() const = 0;

 protected:
  static ProbeResult timedOut(std::string waiting_for) {
    ProbeResult result;
    result.outcome = ProbeOutcome::Timeout;
    result.error = std::move(waiting_for);
    return result;
  }
};

}  // namespace lecter
