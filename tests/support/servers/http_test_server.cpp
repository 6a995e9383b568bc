#include "support/servers/http_test_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <stdexcept>
#include <utility>

#include "support/apiserver/httplib_warm_up.h"
#include "support/common/in_namespace.h"
#include "support/common/subprocess.h"

namespace lecter::testing {

namespace {
// Each request held at /slow keeps one; the rest must still be answered at once.
constexpr std::size_t kWorkerThreads = 32;
constexpr std::size_t kBigBodyBytes = 1024 * 1024;
}  // namespace

HttpTestServer::HttpTestServer(const std::string& bind_ip, std::optional<Tls> tls,
                               const std::string& netns_path, std::uint16_t port_wanted)
    : order_(std::make_unique<HttpJobOrder>()) {
  if (tls) {
    server_ = std::make_unique<httplib::SSLServer>(tls->cert_file.c_str(), tls->key_file.c_str());
  } else {
    server_ = std::make_unique<httplib::Server>();
  }
  if (!server_->is_valid())
    throw std::runtime_error("HTTP test server: the TLS certificate or key is not valid");
  HttpJobOrder* order = order_.get();
  server_->new_task_queue = [order] { return new OrderedThreadPool(kWorkerThreads, *order); };
  server_->set_keep_alive_max_count(1);
  server_->set_pre_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
    if (answerWarmUp(request, response)) return httplib::Server::HandlerResponse::Handled;
    std::lock_guard lock(mutex_);
    ++requests_;
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server_->Get("/ok", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("ok", "text/plain");
  });
  server_->Get(R"(/status/(\d+))", [](const httplib::Request& request, httplib::Response& response) {
    response.status = std::stoi(request.matches[1].str());
    response.set_content("status " + request.matches[1].str(), "text/plain");
  });
  server_->Get("/slow", [this](const httplib::Request&, httplib::Response& response) {
    std::unique_lock lock(mutex_);
    stopping_changed_.wait_for(lock, std::chrono::seconds(60), [this] { return stopping_; });
    response.set_content("late", "text/plain");
  });
  server_->Get("/probe", [this](const httplib::Request&, httplib::Response& response) {
    std::unique_lock lock(mutex_);
    if (probe_answer_ == 0) {
      stopping_changed_.wait_for(lock, std::chrono::seconds(60), [this] { return stopping_; });
    }
    response.status = probe_answer_ == 0 ? 200 : probe_answer_;
    response.set_content("probe " + std::to_string(response.status), "text/plain");
  });
  server_->Get("/big", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(std::string(kBigBodyBytes, 'x') + "needle", "text/plain");
  });
  server_->Get("/host", [](const httplib::Request& request, httplib::Response& response) {
    response.set_content(request.get_header_value("Host"), "text/plain");
  });
  // cpp-httplib listens with a backlog of 5, compiled into Debian's library: the simultaneous connects
  // of one probe cycle overflow it, and the kernel then drops their handshakes. The listening socket is
  // kept as it is made, and listened on again (Linux takes a new backlog) once it is bound.
  int listen_fd = -1;
  server_->set_socket_options([&listen_fd](socket_t fd) {
    httplib::default_socket_options(fd);
    listen_fd = fd;
  });
  int port = -1;
  runInNetworkNamespace(netns_path, [&] {
    port = port_wanted == 0 ? server_->bind_to_any_port(bind_ip)
                            : (server_->bind_to_port(bind_ip, port_wanted) ? port_wanted : -1);
  });
  if (port <= 0) throw std::runtime_error("HTTP test server: cannot bind a port on " + bind_ip);
  if (::listen(listen_fd, SOMAXCONN) != 0) throw std::runtime_error("HTTP test server: listen failed");
  server_->set_socket_options(httplib::default_socket_options);
  port_ = static_cast<std::uint16_t>(port);
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  eventually([this] { return server_->is_running(); }, std::chrono::seconds(10));
  // One request served first, from this thread, so httplib's function-local statics exist before
  // concurrent probes need them (httplib_warm_up.h).
  const std::string host = bind_ip.find(':') != std::string::npos ? "[" + bind_ip + "]" : bind_ip;
  httplib::Client client((tls ? "https://" : "http://") + host + ":" + std::to_string(port_));
  client.enable_server_certificate_verification(false);
  client.set_keep_alive(false);
  const httplib::Result warm = client.Get(kWarmUpPath);
  if (!warm || warm->status != 200 || !order_->waitForEnded(1, std::chrono::seconds(10))) {
    server_->stop();
    thread_.join();
    throw std::runtime_error("HTTP test server: the warm-up request was not answered");
  }
}

HttpTestServer::~HttpTestServer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stopping_changed_.notify_all();
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

void HttpTestServer::setProbeAnswer(int status) {
  std::lock_guard lock(mutex_);
  probe_answer_ = status;
}

std::size_t HttpTestServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

}  // namespace lecter::testing
