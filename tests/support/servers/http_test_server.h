#pragma once
/// A real HTTP or HTTPS server (cpp-httplib) for the HTTP and TLS probes, with the answers they are
/// tested against:
///   /ok         200 "ok"
///   /status/N   N, body "status N"
///   /slow       held until the server stops (past any probe's deadline), then 200
///   /big        200, 1 MiB of 'x' followed by "needle"
///   /host       200, the request's Host header as the body
///   /probe      what setProbeAnswer() last said (200 at first): one path that answers differently
///               per server, for services whose targets share a probe
///   anything    404
/// Over TLS it is also what a `tls` probe shakes hands with.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace lecter::testing {

class HttpJobOrder;

class HttpTestServer {
 public:
  struct Tls {
    std::string cert_file;
    std::string key_file;
  };
  /// Listens on `bind_ip`:`port` (0: an ephemeral port) inside the network namespace `netns_path`
  /// (empty: this one), over TLS when `tls` is given. Throws std::runtime_error when it cannot.
  explicit HttpTestServer(const std::string& bind_ip = "127.0.0.1", std::optional<Tls> tls = std::nullopt,
                          const std::string& netns_path = "", std::uint16_t port = 0);
  ~HttpTestServer();  // releases the held /slow requests and stops
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  /// Requests answered or being answered, the warm-up left out. Safe from any thread.
  [[nodiscard]] std::size_t requests() const;
  /// What /probe answers from now on: an HTTP status, or 0 to hold the request as /slow does.
  void setProbeAnswer(int status);

 private:
  std::unique_ptr<httplib::Server> server_;
  std::unique_ptr<HttpJobOrder> order_;
  std::uint16_t port_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable stopping_changed_;
  bool stopping_ = false;
  std::size_t requests_ = 0;
  int probe_answer_ = 200;
  std::thread thread_;
};

}  // namespace lecter::testing
