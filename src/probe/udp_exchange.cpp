#include "udp_exchange.h"

#include <sys/epoll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <string_view>

#include "lecter/probe/connect_error.h"
#include "probe_socket.h"

namespace lecter {

namespace {
// Larger than any reply a health check needs to see; a longer datagram is truncated, which is fine
// for a substring check of its start.
constexpr std::size_t kReplyBufferBytes = 4096;

ExchangeStep failedWith(int error) {
  return ExchangeStep::finished(outcomeOfConnectError(error), probe_socket::errorText(error));
}
}  // namespace

UdpExchange::UdpExchange(const UdpCheck& check, std::chrono::milliseconds timeout)
    : check_(check), resend_after_(std::max(std::chrono::milliseconds(1), timeout / kUdpSends)) {}

ExchangeStep UdpExchange::begin(int fd) {
  fd_ = fd;
  if (std::optional<ExchangeStep> failed = send()) return std::move(*failed);
  return awaitReply();
}

ExchangeStep UdpExchange::resume(std::uint32_t events) {
  if (events != 0) return readReplies();
  // The wake-up: nothing came back since the last send.
  if (std::optional<ExchangeStep> failed = send()) return std::move(*failed);
  return awaitReply();
}

std::optional<ExchangeStep> UdpExchange::send() {
  ++sends_;
  if (::send(fd_, check_.payload.data(), check_.payload.size(), MSG_DONTWAIT | MSG_NOSIGNAL) < 0 &&
      errno != EAGAIN) {
    return failedWith(errno);
  }
  return std::nullopt;
}

ExchangeStep UdpExchange::awaitReply() const {
  ExchangeStep step = ExchangeStep::waitFor(EPOLLIN);
  // A reply, even a wrong one, says the datagrams arrive: sending more would only repeat the question.
  if (sends_ < kUdpSends && mismatched_replies_ == 0) step.wake_after = resend_after_;
  return step;
}

ExchangeStep UdpExchange::readReplies() {
  std::array<char, kReplyBufferBytes> buffer{};
  for (;;) {
    const ssize_t got = ::recv(fd_, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (got < 0) {
      if (errno == EAGAIN || errno == EINTR) return awaitReply();
      return failedWith(errno);  // ECONNREFUSED: the ICMP port unreachable of a closed port
    }
    const std::string_view reply(buffer.data(), static_cast<std::size_t>(got));
    if (check_.expect_contains.empty() || reply.find(check_.expect_contains) != std::string_view::npos) {
      return ExchangeStep::finished(ProbeOutcome::Up);
    }
    ++mismatched_replies_;  // another may still match before the deadline
  }
}

ProbeResult UdpExchange::resultAtDeadline() const {
  if (mismatched_replies_ == 0) {
    return timedOut("no UDP reply before the deadline (" + std::to_string(sends_) + " datagrams sent)");
  }
  ProbeResult result;
  result.outcome = ProbeOutcome::Unhealthy;  // it answered, but never what was expected
  result.error = mismatched_replies_ == 1
                     ? std::string("a UDP reply without the expected bytes")
                     : std::to_string(mismatched_replies_) + " UDP replies, none with the expected bytes";
  return result;
}

}  // namespace lecter
