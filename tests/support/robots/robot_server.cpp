#include "support/robots/robot_server.h"

#include <httplib.h>

#include <stdexcept>
#include <thread>

#include "support/apiserver/httplib_warm_up.h"

namespace lecter::testing {

struct RobotServer::Impl {
  httplib::Server server;
  HttpJobOrder job_order;
  std::thread thread;
  std::uint16_t port = 0;

  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  std::vector<RobotRequest> requests;
  int status = 200;
  std::string body = R"({"errcode":0,"errmsg":"ok"})";
  bool hanging = false;
  bool stopping = false;

  void handle(const httplib::Request& request, httplib::Response& response) {
    RobotRequest seen;
    seen.method = request.method;
    seen.path = request.path;
    seen.target = request.target;
    for (const auto& [name, value] : request.params) seen.params[name] = value;
    seen.content_type = request.get_header_value("Content-Type");
    seen.body = request.body;
    std::unique_lock lock(mutex);
    requests.push_back(std::move(seen));
    changed.notify_all();
    changed.wait(lock, [this] { return !hanging || stopping; });
    response.status = status;
    response.set_content(body, "application/json");
  }
};

RobotServer::RobotServer() : impl_(std::make_unique<Impl>()) {
  Impl* impl = impl_.get();
  // A hanging request holds a worker: enough of them that one never holds up the next.
  impl->server.new_task_queue = [impl] { return new OrderedThreadPool(8, impl->job_order); };
  impl->server.set_pre_routing_handler([](const httplib::Request& request, httplib::Response& response) {
    return answerWarmUp(request, response) ? httplib::Server::HandlerResponse::Handled
                                           : httplib::Server::HandlerResponse::Unhandled;
  });
  impl->server.Post(".*", [impl](const httplib::Request& request, httplib::Response& response) {
    impl->handle(request, response);
  });
  const int port = impl->server.bind_to_any_port("127.0.0.1");
  if (port <= 0) throw std::runtime_error("robot server: cannot bind a port on 127.0.0.1");
  impl->port = static_cast<std::uint16_t>(port);
  impl->thread = std::thread([impl] { impl->server.listen_after_bind(); });
  warmUp(url(""), "", impl->job_order);
}

RobotServer::~RobotServer() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->changed.notify_all();
  impl_->server.stop();
  impl_->thread.join();
}

std::string RobotServer::url(const std::string& path_and_query) const {
  return "http://127.0.0.1:" + std::to_string(impl_->port) + path_and_query;
}

void RobotServer::answer(int status, std::string body) {
  std::lock_guard lock(impl_->mutex);
  impl_->status = status;
  impl_->body = std::move(body);
}

void RobotServer::hang(bool hang) {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->hanging = hang;
  }
  impl_->changed.notify_all();
}

std::vector<RobotRequest> RobotServer::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests;
}

bool RobotServer::waitForRequests(std::size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->changed.wait_for(lock, timeout, [&] { return impl_->requests.size() >= count; });
}

}  // namespace lecter::testing
