#pragma once
/// An HttpClient that records every request and answers with responses the test scripted, in order.
/// When the script runs out it answers like a server that is not there (a transport error), so a
/// test that sends more than it expected sees a failure instead of hanging.

#include <cctype>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "lecter/kube/http_client.h"

namespace lecter::testing {

class FakeHttpClient final : public HttpClient {
 public:
  /// Queues `response` as the answer to the next unanswered request.
  void respond(HttpResponse response) { script_.push_back(std::move(response)); }

  /// Queues an answer with `status`, `body` and `headers` (names in lower case, as the real one gives).
  void respond(long status, std::string body, HttpHeaders headers = {}) {
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    response.headers = std::move(headers);
    respond(std::move(response));
  }

  /// Queues a transport failure (no HTTP answer) with curl-like text.
  void failTransport(std::string error) {
    HttpResponse response;
    response.error = std::move(error);
    respond(std::move(response));
  }

  HttpResponse send(const HttpRequest& request) override {
    requests_.push_back(request);
    if (script_.empty()) {
      HttpResponse none;
      none.error = "FakeHttpClient: no scripted response for " + request.method + " " + request.path;
      return none;
    }
    HttpResponse next = std::move(script_.front());
    script_.pop_front();
    return next;
  }

  /// Every request sent so far, oldest first.
  [[nodiscard]] const std::vector<HttpRequest>& requests() const { return requests_; }
  /// Scripted responses not used yet.
  [[nodiscard]] std::size_t unansweredScript() const { return script_.size(); }

 private:
  std::deque<HttpResponse> script_;
  std::vector<HttpRequest> requests_;
};

/// The values of header `name` (compared without case) in `request`, in order.
inline std::vector<std::string> headerValues(const HttpRequest& request, const std::string& name) {
  auto lower = [](std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  };
  std::vector<std::string> values;
  for (const auto& [key, value] : request.headers) {
    if (lower(key) == lower(name)) values.push_back(value);
  }
  return values;
}

/// The single value of header `name` in `request`, or empty when absent.
inline std::string headerValue(const HttpRequest& request, const std::string& name) {
  const auto values = headerValues(request, name);
  return values.empty() ? std::string() : values.front();
}

}  // namespace lecter::testing
