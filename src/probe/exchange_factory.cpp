#include "exchange_factory.h"

#include <stdexcept>

#include "grpc_exchange.h"
#include "http_exchange.h"
#include "tls_contexts.h"
#include "tls_exchange.h"
#include "udp_exchange.h"

namespace lecter {

ExchangeFactory::ExchangeFactory() : tls_(std::make_unique<TlsContexts>()) {}
ExchangeFactory::~ExchangeFactory() = default;

std::unique_ptr<ProbeExchange> ExchangeFactory::make(const ProbeTarget& target,
                                                     std::chrono::milliseconds timeout) {
  const ProbeSpec& spec = *target.spec;
  switch (spec.kind) {
    case ProbeKind::Http:
    case ProbeKind::Https:
      return std::make_unique<HttpExchange>(target, spec);
    case ProbeKind::Tls:
      return std::make_unique<TlsExchange>(target, spec.tls, *tls_);
    case ProbeKind::Grpc:
      return std::make_unique<GrpcExchange>(target, spec.grpc);
    case ProbeKind::Udp:
      return std::make_unique<UdpExchange>(spec.udp, timeout);
    case ProbeKind::Tcp:
      break;
  }
  throw std::logic_error("a TCP probe has no exchange");
}

}  // namespace lecter
