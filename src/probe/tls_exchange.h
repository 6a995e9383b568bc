#pragma once
// tls: the TLS handshake on the socket the cycle connected, with OpenSSL on the cycle's epoll set.
// Up when it completes and, unless told to skip it, the certificate chains to the CA and is valid for
// the name (server_name, else the address); it also tells how many days the certificate has left,
// and a certificate with fewer than min_days_valid counts as down. Private to the probe module.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "lecter/probe/probe_result.h"
#include "probe_exchange.h"

using SSL = struct ssl_st;
using SSL_CTX = struct ssl_ctx_st;

namespace lecter {

class TlsContexts;

class TlsExchange final : public ProbeExchange {
 public:
  TlsExchange(const ProbeTarget& target, const TlsCheck& check, TlsContexts& contexts);
  ~TlsExchange() override;
  TlsExchange(const TlsExchange&) = delete;
  TlsExchange& operator=(const TlsExchange&) = delete;

  ExchangeStep begin(int fd) override;
  ExchangeStep resume(std::uint32_t events) override;
  [[nodiscard]] ProbeResult resultAtDeadline() const override;

 private:
  ExchangeStep handshake();
  ExchangeStep judge();

  const ProbeTarget& target_;
  const TlsCheck& check_;
  TlsContexts& contexts_;
  std::shared_ptr<SSL_CTX> context_;
  SSL* ssl_ = nullptr;
};

}  // namespace lecter
