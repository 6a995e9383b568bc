#include "grpc_exchange.h"

#include <nghttp2/nghttp2.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <string_view>

#include "lecter/base/one_line.h"
#include "probe_socket.h"

namespace lecter {

namespace {

constexpr std::string_view kHealthCheckPath = "/grpc.health.v1.Health/Check";
// A HealthCheckResponse is two bytes; anything near this is not one.
constexpr std::size_t kMaxResponseBytes = 16 * 1024;

void appendVarint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7F) | 0x80);
    value >>= 7U;
  }
  out += static_cast<char>(value);
}

/// gRPC's framing of one message: a compressed flag (0) and a 4-byte big-endian length.
std::string lengthPrefixed(const std::string& message) {
  std::string out(1, '\0');
  const auto length = static_cast<std::uint32_t>(message.size());
  for (int shift = 24; shift >= 0; shift -= 8)
    out += static_cast<char>((length >> static_cast<unsigned>(shift)) & 0xFFU);
  return out + message;
}

/// HealthCheckRequest { string service = 1; }
std::string healthCheckRequest(const std::string& service) {
  std::string message;
  if (!service.empty()) {
    message += '\x0A';  // field 1, length-delimited
    appendVarint(message, service.size());
    message += service;
  }
  return lengthPrefixed(message);
}

std::optional<std::uint64_t> readVarint(std::string_view& in) {
  std::uint64_t value = 0;
  for (unsigned shift = 0; shift < 64 && !in.empty(); shift += 7) {
    const auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    value |= static_cast<std::uint64_t>(byte & 0x7FU) << shift;
    if ((byte & 0x80U) == 0) return value;
  }
  return std::nullopt;
}

/// HealthCheckResponse { ServingStatus status = 1; } from one length-prefixed message; nullopt when
/// the bytes are not one. A missing status field is its default, UNKNOWN (0).
std::optional<std::uint64_t> servingStatusOf(std::string_view data) {
  if (data.size() < 5 || data[0] != '\0') return std::nullopt;  // compressed or too short
  std::uint32_t length = 0;
  for (std::size_t i = 1; i < 5; ++i) length = (length << 8U) | static_cast<unsigned char>(data[i]);
  data.remove_prefix(5);
  if (data.size() != length) return std::nullopt;
  std::uint64_t status = 0;
  while (!data.empty()) {
    const std::optional<std::uint64_t> tag = readVarint(data);
    if (!tag) return std::nullopt;
    switch (*tag & 7U) {
      case 0: {  // varint
        const std::optional<std::uint64_t> value = readVarint(data);
        if (!value) return std::nullopt;
        if ((*tag >> 3U) == 1) status = *value;
        break;
      }
      case 1:  // 64-bit
        if (data.size() < 8) return std::nullopt;
        data.remove_prefix(8);
        break;
      case 2: {  // length-delimited
        const std::optional<std::uint64_t> size = readVarint(data);
        if (!size || *size > data.size()) return std::nullopt;
        data.remove_prefix(*size);
        break;
      }
      case 5:  // 32-bit
        if (data.size() < 4) return std::nullopt;
        data.remove_prefix(4);
        break;
      default:
        return std::nullopt;
    }
  }
  return status;
}

std::string_view servingStatusName(std::uint64_t status) {
  switch (status) {
    case 0:
      return "UNKNOWN";
    case 1:
      return "SERVING";
    case 2:
      return "NOT_SERVING";
    case 3:
      return "SERVICE_UNKNOWN";
    default:
      return "an unknown serving status";
  }
}

std::string_view grpcStatusName(int code) {
  static constexpr std::array<std::string_view, 17> kNames{
      "OK",        "CANCELLED",      "UNKNOWN",           "INVALID_ARGUMENT",   "DEADLINE_EXCEEDED",
      "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
      "ABORTED",   "OUT_OF_RANGE",   "UNIMPLEMENTED",     "INTERNAL",           "UNAVAILABLE",
      "DATA_LOSS", "UNAUTHENTICATED"};
  return code >= 0 && static_cast<std::size_t>(code) < kNames.size() ? kNames[static_cast<std::size_t>(code)]
                                                                     : "?";
}

nghttp2_nv header(std::string_view name, std::string_view value) {
  // nghttp2 copies both (NGHTTP2_NV_FLAG_NONE) and never writes through the pointers.
  return nghttp2_nv{reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data())),
                    reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())), name.size(),
                    value.size(), NGHTTP2_NV_FLAG_NONE};
}

}  // namespace

struct GrpcExchange::Callbacks {
  static ssize_t send(nghttp2_session* /*session*/, const std::uint8_t* data, std::size_t length,
                      int /*flags*/, void* user) {
    auto* self = static_cast<GrpcExchange*>(user);
    const ssize_t sent = ::send(self->fd_, data, length, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent >= 0) return sent;
    if (errno == EAGAIN || errno == EINTR) {
      self->write_blocked_ = true;
      return NGHTTP2_ERR_WOULDBLOCK;
    }
    self->send_error_ = errno;
    return NGHTTP2_ERR_CALLBACK_FAILURE;
  }
  static ssize_t readRequest(nghttp2_session* /*session*/, std::int32_t /*stream_id*/, std::uint8_t* buffer,
                             std::size_t length, std::uint32_t* data_flags, nghttp2_data_source* /*source*/,
                             void* user) {
    auto* self = static_cast<GrpcExchange*>(user);
    const std::size_t left = self->request_.size() - self->request_sent_;
    const std::size_t now = std::min(left, length);
    std::copy_n(self->request_.data() + self->request_sent_, now, buffer);
    self->request_sent_ += now;
    if (self->request_sent_ == self->request_.size()) *data_flags |= NGHTTP2_DATA_FLAG_EOF;
    return static_cast<ssize_t>(now);
  }
  static int onHeader(nghttp2_session* /*session*/, const nghttp2_frame* frame, const std::uint8_t* name,
                      std::size_t name_length, const std::uint8_t* value, std::size_t value_length,
                      std::uint8_t /*flags*/, void* user) {
    auto* self = static_cast<GrpcExchange*>(user);
    if (frame->hd.stream_id != self->stream_id_) return 0;
    self->got_headers_ = true;
    const std::string_view key(reinterpret_cast<const char*>(name), name_length);
    const std::string_view text(reinterpret_cast<const char*>(value), value_length);
    if (key == ":status") {
      self->http_status_ = text;
    } else if (key == "grpc-status") {
      int code = 0;
      for (const char c : text) {
        if (c < '0' || c > '9' || code > 1000) return 0;  // not a code: left unset
        code = code * 10 + (c - '0');
      }
      self->grpc_status_ = code;
    } else if (key == "grpc-message") {
      self->grpc_message_ = oneLine(text.substr(0, 200));
    }
    return 0;
  }
  static int onData(nghttp2_session* /*session*/, std::uint8_t /*flags*/, std::int32_t stream_id,
                    const std::uint8_t* data, std::size_t length, void* user) {
    auto* self = static_cast<GrpcExchange*>(user);
    if (stream_id != self->stream_id_) return 0;
    if (self->response_.size() + length > kMaxResponseBytes) {
      self->response_too_large_ = true;
      return 0;
    }
    self->response_.append(reinterpret_cast<const char*>(data), length);
    return 0;
  }
  static int onStreamClose(nghttp2_session* /*session*/, std::int32_t stream_id, std::uint32_t error_code,
                           void* user) {
    auto* self = static_cast<GrpcExchange*>(user);
    if (stream_id != self->stream_id_) return 0;
    self->stream_closed_ = true;
    self->reset_code_ = error_code;
    return 0;
  }
};

GrpcExchange::GrpcExchange(const ProbeTarget& target, const GrpcCheck& check)
    : target_(target), check_(check) {}

GrpcExchange::~GrpcExchange() {
  if (session_ != nullptr) nghttp2_session_del(session_);  // the socket is the cycle's
}

ExchangeStep GrpcExchange::begin(int fd) {
  fd_ = fd;
  nghttp2_session_callbacks* callbacks = nullptr;
  if (nghttp2_session_callbacks_new(&callbacks) != 0) {
    return ExchangeStep::finished(ProbeOutcome::LocalError, "nghttp2: out of memory");
  }
  nghttp2_session_callbacks_set_send_callback(callbacks, &Callbacks::send);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, &Callbacks::onHeader);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &Callbacks::onData);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &Callbacks::onStreamClose);
  const int made = nghttp2_session_client_new(&session_, callbacks, this);
  nghttp2_session_callbacks_del(callbacks);
  if (made != 0) return ExchangeStep::finished(ProbeOutcome::LocalError, "nghttp2: out of memory");

  const nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_ENABLE_PUSH, 0}};
  nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, 1);
  const std::string authority = !check_.authority.empty() ? check_.authority
                                : target_.ip.family == IpFamily::V6
                                    ? "[" + target_.ip.text + "]:" + std::to_string(target_.port)
                                    : target_.ip.text + ":" + std::to_string(target_.port);
  const nghttp2_nv headers[] = {
      header(":method", "POST"),
      header(":scheme", "http"),
      header(":path", kHealthCheckPath),
      header(":authority", authority),
      header("content-type", "application/grpc"),
      header("te", "trailers"),
      header("user-agent", "lecter/" LECTER_VERSION),
  };
  request_ = healthCheckRequest(check_.service);
  nghttp2_data_provider body{};
  body.read_callback = &Callbacks::readRequest;
  stream_id_ =
      nghttp2_submit_request(session_, nullptr, headers, sizeof headers / sizeof headers[0], &body, this);
  if (stream_id_ < 0) {
    return ExchangeStep::finished(ProbeOutcome::LocalError,
                                  std::string("nghttp2: ") + nghttp2_strerror(stream_id_));
  }
  return pump();
}

ExchangeStep GrpcExchange::resume(std::uint32_t events) {
  if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) {
    ExchangeStep received = receive();
    if (received.done) return received;
  }
  return pump();
}

ExchangeStep GrpcExchange::receive() {
  std::array<std::uint8_t, 16 * 1024> buffer{};
  for (;;) {
    const ssize_t got = ::recv(fd_, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (got < 0) {
      if (errno == EAGAIN || errno == EINTR) return ExchangeStep::waitFor(EPOLLIN);
      return ExchangeStep::finished(ProbeOutcome::OtherError, "gRPC: " + probe_socket::errorText(errno));
    }
    if (got == 0) {
      if (stream_closed_) return judge();
      return ExchangeStep::finished(ProbeOutcome::OtherError,
                                    "gRPC: the server closed the connection before answering");
    }
    const ssize_t used = nghttp2_session_mem_recv(session_, buffer.data(), static_cast<std::size_t>(got));
    if (used < 0) {
      return ExchangeStep::finished(
          ProbeOutcome::OtherError,
          std::string("gRPC: not HTTP/2 (") + nghttp2_strerror(static_cast<int>(used)) + ")");
    }
    if (stream_closed_ || response_too_large_) return judge();
  }
}

ExchangeStep GrpcExchange::pump() {
  write_blocked_ = false;
  if (const int sent = nghttp2_session_send(session_); sent != 0) {
    return ExchangeStep::finished(
        ProbeOutcome::OtherError,
        "gRPC: cannot send: " +
            (send_error_ != 0 ? probe_socket::errorText(send_error_) : std::string(nghttp2_strerror(sent))));
  }
  if (stream_closed_) return judge();
  std::uint32_t events = 0;
  if (nghttp2_session_want_read(session_) != 0) events |= EPOLLIN;
  if (write_blocked_) events |= EPOLLOUT;
  if (events == 0) {
    return ExchangeStep::finished(ProbeOutcome::OtherError, "gRPC: the server ended the connection (GOAWAY)");
  }
  return ExchangeStep::waitFor(events);
}

ExchangeStep GrpcExchange::judge() const {
  if (response_too_large_) {
    return ExchangeStep::finished(ProbeOutcome::OtherError,
                                  "gRPC: the answer is far larger than a HealthCheckResponse");
  }
  if (!got_headers_ && reset_code_ != 0) {
    return ExchangeStep::finished(ProbeOutcome::OtherError, std::string("gRPC: stream reset (") +
                                                                nghttp2_http2_strerror(reset_code_) + ")");
  }
  if (http_status_ != "200") {
    return ExchangeStep::finished(
        ProbeOutcome::OtherError,
        "gRPC: HTTP/2 status " + (http_status_.empty() ? std::string("missing") : oneLine(http_status_)) +
            ", not a gRPC server");
  }
  if (!grpc_status_)
    return ExchangeStep::finished(ProbeOutcome::OtherError, "gRPC: the answer has no grpc-status");
  if (*grpc_status_ != 0) {
    std::string error =
        "gRPC status " + std::to_string(*grpc_status_) + " " + std::string(grpcStatusName(*grpc_status_));
    if (*grpc_status_ == 12) error += " (no health service)";
    if (!grpc_message_.empty()) error += ": " + grpc_message_;
    return ExchangeStep::finished(ProbeOutcome::Unhealthy, error);
  }
  const std::optional<std::uint64_t> status = servingStatusOf(response_);
  if (!status)
    return ExchangeStep::finished(ProbeOutcome::OtherError, "gRPC: the answer is not a HealthCheckResponse");
  if (*status == 1) return ExchangeStep::finished(ProbeOutcome::Up);
  return ExchangeStep::finished(ProbeOutcome::Unhealthy,
                                "gRPC health " + std::string(servingStatusName(*status)));
}

ProbeResult GrpcExchange::resultAtDeadline() const {
  return timedOut(got_headers_ ? "connected; the gRPC answer was not complete by the deadline"
                               : "connected; no gRPC answer before the deadline");
}

}  // namespace lecter
