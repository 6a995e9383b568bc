#pragma once
// udp: sends the payload on the connected datagram socket and waits for a reply, any or one that
// contains the expected bytes. An ICMP port unreachable comes back as ECONNREFUSED: refused, as for
// TCP. A datagram may be lost on the way, so one unanswered is sent again, up to kUdpSends times
// within the deadline (as dig and DNS resolvers retry), before the target counts as silent.
// Private to the probe module.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "lecter/probe/probe_spec.h"
#include "probe_exchange.h"

namespace lecter {

/// Datagrams a udp probe sends at most, spread evenly over its deadline.
inline constexpr int kUdpSends = 3;

class UdpExchange final : public ProbeExchange {
 public:
  /// `timeout`: the probe's deadline, which the sends share.
  UdpExchange(const UdpCheck& check, std::chrono::milliseconds timeout);

  ExchangeStep begin(int fd) override;
  ExchangeStep resume(std::uint32_t events) override;
  [[nodiscard]] ProbeResult resultAtDeadline() const override;

 private:
  ExchangeStep readReplies();
  /// Sends the payload (once more), or says why it cannot be sent.
  std::optional<ExchangeStep> send();
  [[nodiscard]] ExchangeStep awaitReply() const;

  const UdpCheck& check_;
  std::chrono::milliseconds resend_after_;
  int fd_ = -1;
  int sends_ = 0;
  std::size_t mismatched_replies_ = 0;
};

}  // namespace lecter
