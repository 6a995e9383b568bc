#pragma once
/// Real TCP targets on loopback, the three kinds a prober meets: open, refused and hung
/// (DESIGN.md, "Testing with real parts"). Shared by the probe tests and bench/probe_bench.
/// Failures to set one up throw std::runtime_error naming the call that failed.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "lecter/probe/probe_result.h"

namespace lecter::testing {

/// Listeners that accept every connection and close it at once. One thread with epoll serves them
/// all, fast enough for thousands of connects per cycle; several ports give several accept queues.
class AcceptingListeners {
 public:
  enum class Close { Normally, WithReset };
  /// `count` listeners on ephemeral ports of `bind_address` ("0.0.0.0", "::1"…). `close`:
  /// WithReset closes each accepted connection with SO_LINGER {1, 0}, sending a RST at once.
  explicit AcceptingListeners(std::size_t count = 1, const std::string& bind_address = "0.0.0.0",
                              Close close = Close::Normally);
  ~AcceptingListeners();
  AcceptingListeners(const AcceptingListeners&) = delete;
  AcceptingListeners& operator=(const AcceptingListeners&) = delete;

  [[nodiscard]] const std::vector<std::uint16_t>& ports() const { return ports_; }
  /// Connections accepted and closed so far. Safe to call from any thread.
  [[nodiscard]] std::size_t closedConnections() const { return closed_.load(); }

 private:
  void serve();

  Close close_;
  std::vector<int> listeners_;
  std::vector<std::uint16_t> ports_;
  int epoll_fd_ = -1;
  int stop_fd_ = -1;
  std::atomic<std::size_t> closed_{0};
  std::thread thread_;
};

/// A port where nothing listens: held by a socket that is bound but never listens, so no other
/// socket can take it and every SYN to it is answered with a RST.
class ClosedPort {
 public:
  explicit ClosedPort(const std::string& bind_address = "0.0.0.0");
  ~ClosedPort();
  ClosedPort(const ClosedPort&) = delete;
  ClosedPort& operator=(const ClosedPort&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

/// A listener on 0.0.0.0 made with listen(fd, 0) that never accepts. Its accept queue is filled
/// at construction by a few connects it keeps open; after that Linux drops every further SYN to
/// the port, so a connect() to any 127.x.y.z on it gets no answer at all.
class HungListener {
 public:
  HungListener();
  ~HungListener();
  HungListener(const HungListener&) = delete;
  HungListener& operator=(const HungListener&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  /// True when a fresh connect to 127.0.0.1:port() is still unanswered after `wait`.
  [[nodiscard]] bool connectHangs(std::chrono::milliseconds wait) const;

 private:
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::vector<int> fillers_;
};

/// The n-th distinct loopback address, from 127.1.0.1 on ("127.1.0.1", "127.1.0.2", …); every
/// one of them reaches a listener bound to 0.0.0.0.
std::string loopbackAddress(std::size_t n);

/// Entries of /proc/self/fd: the descriptors this process has open.
std::size_t openDescriptorCount();

/// TCP sockets of this network namespace in TIME_WAIT (/proc/net/tcp and /proc/net/tcp6).
std::size_t timeWaitSocketCount();

/// The same, only those with `port` at either end.
std::size_t timeWaitSocketCount(std::uint16_t port);

/// The same, only those whose end at `port` is one of the loopbackAddress() targets (127.1.0.0/16):
/// what probes of those targets left. A listener's ephemeral port may have been another connection's
/// before (another test, another process), whose TIME_WAIT the plain count would blame on the probes.
std::size_t timeWaitAtTargets(std::uint16_t port);

/// True when this machine can bind a TCP socket to ::1.
bool hasIpv6Loopback();

/// The three kinds of target, and the outcome a right prober gives each.
enum class Kind { Open, Refused, Hung };

inline ProbeOutcome expectedOutcome(Kind kind) {
  switch (kind) {
    case Kind::Open:
      return ProbeOutcome::Up;
    case Kind::Refused:
      return ProbeOutcome::Refused;
    case Kind::Hung:
      return ProbeOutcome::Timeout;
  }
  return ProbeOutcome::OtherError;
}

}  // namespace lecter::testing
