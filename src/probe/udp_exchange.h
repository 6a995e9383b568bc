#pragma once
// udp: sends the payload on the connected datagram socket and waits for a reply, any or one that
// contains the expected bytes. An ICMP port unreachable comes back as ECONNREFUSED: refused, as for
// TCP. Private to the probe module.

#include <cstddef>
#include <string>

#include "lecter/probe/probe_spec.h"
#include "probe_exchange.h"

namespace lecter {

class UdpExchange final : public ProbeExchange {
 public:
  explicit UdpExchange(const UdpCheck& check) : check_(check) {}

  ExchangeStep begin(int fd) override;
  ExchangeStep resume(std::uint32_t events) override;
  [[nodiscard]] ProbeResult resultAtDeadline() const override;

 private:
  ExchangeStep readReplies();

  const UdpCheck& check_;
  int fd_ = -1;
  std::size_t mismatched_replies_ = 0;
};

}  // namespace lecter
