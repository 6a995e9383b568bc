#pragma once
/// Makes chosen loopback ports of the test's own network namespace reachable from inside another one:
/// a process there connecting to 127.0.0.1:P reaches 127.0.0.1:P here (the ApiServer fixture, Redis),
/// while everything else of this namespace (the targets' veth) stays out of its reach. The listening
/// sockets are made by a short-lived thread that joins the namespace (a socket keeps the namespace it
/// was made in); the accepting thread and the one pump thread per connection stay here, so their
/// connects reach this namespace's loopback.
///
/// Thread-safety: construct and destroy on one thread; the bridge's threads are its own.

#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lecter::testing {

class LoopbackBridge {
 public:
  /// Listens on 127.0.0.1:port inside the namespace at `netns_path` for every port. Throws
  /// std::runtime_error (with the errno text) when the namespace cannot be joined or a port bound.
  LoopbackBridge(const std::string& netns_path, const std::vector<std::uint16_t>& ports);
  /// Closes every listener and connection and joins the threads.
  ~LoopbackBridge();
  LoopbackBridge(const LoopbackBridge&) = delete;
  LoopbackBridge& operator=(const LoopbackBridge&) = delete;

 private:
  struct Listener {
    int fd;
    std::uint16_t port;
  };
  void acceptLoop();
  void pump(int inside, int outside);

  std::vector<Listener> listeners_;
  int stop_fd_ = -1;  // eventfd: the bridge is going away
  std::mutex mutex_;
  std::vector<int> open_fds_;       // guarded by mutex_: every connection's sockets, shut down at the end
  std::vector<std::thread> pumps_;  // guarded by mutex_
  bool stopping_ = false;           // guarded by mutex_
  std::thread acceptor_;
};

}  // namespace lecter::testing
