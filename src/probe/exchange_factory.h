#pragma once
// Makes each probe kind's exchange, and keeps what they share across cycles (TLS contexts, so a CA
// bundle is read once and not once a probe). Private to the probe module.

#include <chrono>
#include <memory>

#include "lecter/probe/probe_result.h"
#include "probe_exchange.h"

namespace lecter {

class TlsContexts;

class ExchangeFactory {
 public:
  ExchangeFactory();
  ~ExchangeFactory();
  ExchangeFactory(const ExchangeFactory&) = delete;
  ExchangeFactory& operator=(const ExchangeFactory&) = delete;

  /// The exchange for the target's kind, which must not be TCP, in a cycle whose probes each have
  /// `timeout`. Safe to call from any thread.
  std::unique_ptr<ProbeExchange> make(const ProbeTarget& target, std::chrono::milliseconds timeout);

 private:
  std::unique_ptr<TlsContexts> tls_;
};

}  // namespace lecter
