#pragma once
// HTTP targets for probe_bench --kind http: listeners on loopback that answer every request with
// 200 at once, from one epoll thread, with accept queues as deep as the kernel allows. A test
// server with a thread per connection and a backlog of 5 (cpp-httplib's) would drop SYNs under a
// thousand simultaneous probes and time the server, not the prober.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <vector>

namespace lecter::bench {

class HttpResponders {
 public:
  /// `count` listeners on ephemeral ports of 0.0.0.0. Throws std::runtime_error naming the failed call.
  explicit HttpResponders(std::size_t count);
  ~HttpResponders();
  HttpResponders(const HttpResponders&) = delete;
  HttpResponders& operator=(const HttpResponders&) = delete;

  [[nodiscard]] const std::vector<std::uint16_t>& ports() const { return ports_; }
  /// Requests answered so far. Safe from any thread.
  [[nodiscard]] std::size_t answered() const { return answered_.load(); }

 private:
  void serve();

  std::vector<int> listeners_;
  std::vector<std::uint16_t> ports_;
  int epoll_fd_ = -1;
  int stop_fd_ = -1;
  std::atomic<std::size_t> answered_{0};
  std::thread thread_;
};

}  // namespace lecter::bench
