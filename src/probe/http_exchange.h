#pragma once
// http and https: one HTTP/1.1 request on the socket the cycle connected, through libcurl's multi
// socket interface, so the cycle's epoll set drives it like any other probe (no thread, no second
// connect: libcurl is handed the connected socket and never closes it). The answer is up when its
// status falls in the expected ranges and its body (read up to a cap) holds what is asked.
// Private to the probe module.

#include <cstdint>
#include <optional>
#include <string>

#include "lecter/probe/probe_result.h"
#include "probe_exchange.h"

using CURL = void;
using CURLM = void;
struct curl_slist;

namespace lecter {

class HttpExchange final : public ProbeExchange {
 public:
  HttpExchange(const ProbeTarget& target, const ProbeSpec& spec);
  ~HttpExchange() override;
  HttpExchange(const HttpExchange&) = delete;
  HttpExchange& operator=(const HttpExchange&) = delete;

  ExchangeStep begin(int fd) override;
  ExchangeStep resume(std::uint32_t events) override;
  [[nodiscard]] ProbeResult resultAtDeadline() const override;

 private:
  /// Lets libcurl act on `socket` (or on its timers), then says what it waits for, or how it ended.
  ExchangeStep drive(int socket, int what);
  ExchangeStep judge(int curl_code);
  [[nodiscard]] std::string bodyMismatch() const;

  struct Callbacks;  // libcurl's callbacks, in the .cpp beside the types they take
  friend struct Callbacks;

  const ProbeTarget& target_;
  const ProbeSpec& spec_;
  int fd_ = -1;
  bool socket_handed_over_ = false;
  CURLM* multi_ = nullptr;
  CURL* easy_ = nullptr;
  curl_slist* headers_ = nullptr;
  curl_slist* resolve_ = nullptr;
  std::uint32_t wanted_events_ = 0;
  long timer_ms_ = -1;  // libcurl's timer; -1: none
  bool got_status_line_ = false;
  std::string body_;
  bool body_capped_ = false;
  std::optional<double> cert_days_left_;
  std::string error_buffer_;
};

}  // namespace lecter
