#include "udp_exchange.h"

#include <sys/epoll.h>
#include <sys/socket.h>

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

ExchangeStep UdpExchange::begin(int fd) {
  fd_ = fd;
  if (::send(fd_, check_.payload.data(), check_.payload.size(), MSG_DONTWAIT | MSG_NOSIGNAL) < 0 &&
      errno != EAGAIN) {
    return failedWith(errno);
  }
  return ExchangeStep::waitFor(EPOLLIN);
}

ExchangeStep UdpExchange::resume(std::uint32_t /*events*/) { return readReplies(); }

ExchangeStep UdpExchange::readReplies() {
  std::array<char, kReplyBufferBytes> buffer{};
  for (;;) {
    const ssize_t got = ::recv(fd_, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (got < 0) {
      if (errno == EAGAIN || errno == EINTR) return ExchangeStep::waitFor(EPOLLIN);
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
  if (mismatched_replies_ == 0) return timedOut("no UDP reply before the deadline");
  ProbeResult result;
  result.outcome = ProbeOutcome::Unhealthy;  // it answered, but never what was expected
  result.error = std::to_string(mismatched_replies_) + " UDP replies, none containing the expected bytes";
  return result;
}

}  // namespace lecter
