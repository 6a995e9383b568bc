// HttpListener over civetweb's C interface: one handler takes every request and looks the path up
// among the routes, so 404 and 405 are answered here, the same way for every path.

#include <arpa/inet.h>
#include <civetweb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>
#include <utility>

#include "lecter/obs/http_listener.h"
#include "lecter/obs/log.h"

namespace lecter {
namespace {

/// Two threads: a scrape and a person at the status page at once, and nothing more is needed.
constexpr const char* kThreads = "2";
/// A client that stops sending mid-request gives its thread back after this.
constexpr const char* kRequestTimeoutMs = "10000";

class CivetHttpListener final : public HttpListener {
 public:
  CivetHttpListener(const std::string& address, std::map<std::string, HttpRoute> routes)
      : routes_(std::move(routes)) {
    mg_callbacks callbacks{};
    callbacks.log_message = [](const mg_connection*, const char* message) {
      log::warn("http listener: {}", message);
      return 1;  // logged here, not on civetweb's stderr
    };
    // Keep-alive off: a browser left open on the status page must not hold one of the two threads.
    const std::array<const char*, 9> options{
        "listening_ports", address.c_str(),     "num_threads", kThreads, "request_timeout_ms",
        kRequestTimeoutMs, "enable_keep_alive", "no",          nullptr};
    std::array<char, 256> error_text{};
    unsigned error_code = 0;
    mg_error_data error{&error_code, error_text.data(), error_text.size()};
    mg_init_data init{&callbacks, this, const_cast<const char**>(options.data())};
    context_ = mg_start2(&init, &error);
    if (context_ == nullptr) {
      throw ListenError(
          "cannot listen on " + address + ": " +
          (error_text[0] != '\0' ? std::string(error_text.data()) : std::string("civetweb failed")));
    }
    mg_set_request_handler(context_, "/", &CivetHttpListener::handle, this);
    std::array<mg_server_port, 4> ports{};
    const int count = mg_get_server_ports(context_, static_cast<int>(ports.size()), ports.data());
    if (count > 0) port_ = static_cast<std::uint16_t>(ports[0].port);
    // The address is an IP (checked by the config): "[v6]:port" or "v4:port"; an any-address is
    // reached at loopback.
    const std::string host = address.substr(0, address.rfind(':'));
    address_family_ = host.front() == '[' ? AF_INET6 : AF_INET;
    knock_ip_ = address_family_ == AF_INET6 ? host.substr(1, host.size() - 2) : host;
    if (knock_ip_ == "0.0.0.0") knock_ip_ = "127.0.0.1";
    if (knock_ip_ == "::") knock_ip_ = "::1";
  }
  ~CivetHttpListener() override {
    if (context_ == nullptr) return;
    // civetweb's accepting thread looks at its stop flag only between polls of 2 s: connections
    // made while mg_stop waits wake it, so a stop takes milliseconds, not seconds.
    std::atomic<bool> stopped{false};
    std::thread waker([this, &stopped] {
      while (!stopped.load()) {
        knock();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    });
    mg_stop(context_);  // waits for the handlers running
    stopped = true;
    waker.join();
  }
  CivetHttpListener(const CivetHttpListener&) = delete;
  CivetHttpListener& operator=(const CivetHttpListener&) = delete;

  [[nodiscard]] std::uint16_t port() const override { return port_; }

 private:
  static int handle(mg_connection* connection, void* self) {
    return static_cast<CivetHttpListener*>(self)->answer(connection);
  }

  int answer(mg_connection* connection) const {
    const mg_request_info* request = mg_get_request_info(connection);
    const std::string method = request->request_method != nullptr ? request->request_method : "";
    const std::string path = request->local_uri != nullptr ? request->local_uri : "";
    HttpAnswer answer;
    const auto route = routes_.find(path);
    if (route == routes_.end()) {
      answer = HttpAnswer{404, "text/plain; charset=utf-8", "not found: " + path + "\n"};
    } else if (method != "GET" && method != "HEAD") {
      answer = HttpAnswer{405, "text/plain; charset=utf-8", "only GET and HEAD are served\n"};
    } else {
      try {
        answer = route->second();
      } catch (const std::exception& e) {
        log::error("http listener: {} failed: {}", path, e.what());
        answer = HttpAnswer{500, "text/plain; charset=utf-8", "internal error\n"};
      }
    }
    mg_printf(connection,
              "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nCache-Control: no-store\r\n"
              "%sConnection: close\r\n\r\n",
              answer.status, mg_get_response_code_text(connection, answer.status),
              answer.content_type.c_str(), answer.body.size(),
              answer.status == 405 ? "Allow: GET, HEAD\r\n" : "");
    if (method != "HEAD") mg_write(connection, answer.body.data(), answer.body.size());
    return answer.status;
  }

  /// Opens and closes a connection to the listening socket.
  void knock() const {
    const bool v6 = address_family_ == AF_INET6;
    const int fd = ::socket(address_family_, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return;
    sockaddr_storage peer{};
    socklen_t length = 0;
    if (v6) {
      auto* a = reinterpret_cast<sockaddr_in6*>(&peer);
      a->sin6_family = AF_INET6;
      a->sin6_port = htons(port_);
      ::inet_pton(AF_INET6, knock_ip_.c_str(), &a->sin6_addr);
      length = sizeof *a;
    } else {
      auto* a = reinterpret_cast<sockaddr_in*>(&peer);
      a->sin_family = AF_INET;
      a->sin_port = htons(port_);
      ::inet_pton(AF_INET, knock_ip_.c_str(), &a->sin_addr);
      length = sizeof *a;
    }
    ::connect(fd, reinterpret_cast<sockaddr*>(&peer), length);
    ::close(fd);
  }

  std::map<std::string, HttpRoute> routes_;
  int address_family_ = AF_INET;
  std::string knock_ip_;  // where the listening socket is reached from this machine
  mg_context* context_ = nullptr;
  std::uint16_t port_ = 0;
};

}  // namespace

std::unique_ptr<HttpListener> startHttpListener(const std::string& address,
                                                std::map<std::string, HttpRoute> routes) {
  return std::make_unique<CivetHttpListener>(address, std::move(routes));
}

}  // namespace lecter
