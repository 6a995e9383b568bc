#include "support/apiserver/httplib_warm_up.h"

#include <stdexcept>
#include <utility>

namespace lecter::testing {

std::function<void()> HttpJobOrder::wrap(std::function<void()> job) {
  return [this, job = std::move(job)] {
    // Taking the mutex orders this job after every job that released it at its end.
    { std::lock_guard start(mutex_); }
    job();
    {
      std::lock_guard end(mutex_);
      ++ended_;
    }
    ended_changed_.notify_all();
  };
}

bool HttpJobOrder::waitForEnded(std::size_t count, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return ended_changed_.wait_for(lock, timeout, [&] { return ended_ >= count; });
}

bool answerWarmUp(const httplib::Request& request, httplib::Response& response) {
  if (request.path != kWarmUpPath) return false;
  response.status = 200;
  response.set_chunked_content_provider("application/json", [](std::size_t, httplib::DataSink& sink) {
    const std::string line = "{}\n";
    sink.write(line.data(), line.size());
    sink.done();
    return true;
  });
  return true;
}

void warmUp(const std::string& url, const std::string& ca_file, HttpJobOrder& order) {
  std::string body;
  {
    httplib::Client client(url);
    if (!ca_file.empty()) {
      client.enable_server_certificate_verification(true);
      client.set_ca_cert_path(ca_file.c_str());
    }
    // Not kept alive: the server's job ends with this one request.
    client.set_keep_alive(false);
    const httplib::Result result = client.Get(
        kWarmUpPath, [](const httplib::Response&) { return true; },
        [&body](const char* data, std::size_t length) {
          body.append(data, length);
          return true;
        });
    if (!result || result->status != 200 || body != "{}\n")
      throw std::runtime_error(
          "ApiServer fixture: the warm-up request was not answered: " +
          (result ? std::to_string(result->status) : httplib::to_string(result.error())));
  }
  if (!order.waitForEnded(1, std::chrono::seconds(10)))
    throw std::runtime_error("ApiServer fixture: the warm-up request's connection did not end");
}

}  // namespace lecter::testing
