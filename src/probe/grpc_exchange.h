#pragma once
// grpc: the standard health check, grpc.health.v1.Health/Check, as one HTTP/2 stream on the socket the
// cycle connected (plaintext, with prior knowledge, as gRPC servers speak it without TLS). nghttp2
// does the framing over the cycle's epoll set; the two protobuf messages are a few bytes each and
// are written and read here. Up when the server answers SERVING. Private to the probe module.

#include <cstdint>
#include <optional>
#include <string>

#include "lecter/probe/probe_result.h"
#include "probe_exchange.h"

struct nghttp2_session;

namespace lecter {

class GrpcExchange final : public ProbeExchange {
 public:
  GrpcExchange(const ProbeTarget& target, const GrpcCheck& check);
  ~GrpcExchange() override;
  GrpcExchange(const GrpcExchange&) = delete;
  GrpcExchange& operator=(const GrpcExchange&) = delete;

  ExchangeStep begin(int fd) override;
  ExchangeStep resume(std::uint32_t events) override;
  [[nodiscard]] ProbeResult resultAtDeadline() const override;

 private:
  /// Sends what nghttp2 has queued, then says what to wait for, or how the call ended.
  ExchangeStep pump();
  ExchangeStep receive();
  [[nodiscard]] ExchangeStep judge() const;

  struct Callbacks;  // nghttp2's callbacks, in the .cpp
  friend struct Callbacks;

  const ProbeTarget& target_;
  const GrpcCheck& check_;
  int fd_ = -1;
  nghttp2_session* session_ = nullptr;
  std::int32_t stream_id_ = -1;
  std::string request_;  // the length-prefixed HealthCheckRequest
  std::size_t request_sent_ = 0;
  bool write_blocked_ = false;
  int send_error_ = 0;  // errno of a send that failed, 0: none
  bool stream_closed_ = false;
  std::uint32_t reset_code_ = 0;  // RST_STREAM's error code, 0: closed normally
  std::string http_status_;
  std::optional<int> grpc_status_;
  std::string grpc_message_;
  std::string response_;  // the DATA of the stream: length-prefixed HealthCheckResponse
  bool response_too_large_ = false;
  bool got_headers_ = false;
};

}  // namespace lecter
