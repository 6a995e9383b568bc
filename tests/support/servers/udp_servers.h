#pragma once
/// UDP targets: one that answers every datagram (an echo, or a fixed reply) and one that takes
/// datagrams and never answers, the UDP form of a hung target. A port with no socket at all answers
/// with ICMP port unreachable, which a connected UDP socket reads as ECONNREFUSED.

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>

namespace lecter::testing {

class UdpEchoServer {
 public:
  /// Answers every datagram on `bind_ip`:`port` (0: an ephemeral port), in `netns_path` or this
  /// namespace, with `reply`, or with the datagram itself when it is nullopt.
  explicit UdpEchoServer(const std::string& bind_ip = "127.0.0.1",
                         std::optional<std::string> reply = std::nullopt, const std::string& netns_path = "",
                         std::uint16_t port = 0);
  ~UdpEchoServer();
  UdpEchoServer(const UdpEchoServer&) = delete;
  UdpEchoServer& operator=(const UdpEchoServer&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] std::size_t datagrams() const { return datagrams_.load(); }
  /// Leaves the next `count` datagrams unanswered, as a lossy network would lose them.
  void dropNext(std::size_t count) { drop_next_ = count; }

 private:
  int fd_ = -1;
  int stop_fd_ = -1;
  std::uint16_t port_ = 0;
  std::optional<std::string> reply_;
  std::atomic<std::size_t> datagrams_{0};
  std::atomic<std::size_t> drop_next_{0};
  std::thread thread_;
};

/// A bound UDP socket that never reads nor answers.
class SilentUdpPort {
 public:
  explicit SilentUdpPort(const std::string& bind_ip = "127.0.0.1", const std::string& netns_path = "",
                         std::uint16_t port = 0);
  ~SilentUdpPort();
  SilentUdpPort(const SilentUdpPort&) = delete;
  SilentUdpPort& operator=(const SilentUdpPort&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

/// A UDP port nobody has bound, on 127.0.0.1, that was free a moment ago.
std::uint16_t unboundUdpPort();

}  // namespace lecter::testing
