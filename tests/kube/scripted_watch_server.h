#pragma once
/// An HttpClient standing in for the ApiServer in ListWatcher tests: LISTs and WATCHes
/// are answered from two scripts, a watch body arriving in the scripted chunks. Records every request.
/// Time passes only while a stream is open (Watch::lasts), so the watcher can tell a watch that lived
/// from one that ended at once. When a script runs out it asks the loop to stop (through the test's
/// stop_source) and answers like a server that is not there, so a test ends instead of spinning.

#include <chrono>
#include <deque>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "lecter/kube/http_client.h"

namespace lecter::testing {

class ScriptedWatchServer final : public HttpClient {
 public:
  struct Watch {
    long status = 200;
    std::vector<std::string> chunks;  // the body, as it arrives
    std::string error;                // not empty: the connection breaks after the chunks
    std::chrono::seconds lasts{60};   // how long the stream stays open, on the server's clock
  };

  explicit ScriptedWatchServer(std::stop_source& stop) : stop_(stop) {}

  /// The next LIST answers `status` with `body`.
  void list(long status, std::string body, HttpHeaders headers = {}) {
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    response.headers = std::move(headers);
    lists_.push_back(std::move(response));
  }
  /// The next LIST fails without an answer.
  void listFails(std::string error) {
    HttpResponse response;
    response.error = std::move(error);
    lists_.push_back(std::move(response));
  }
  void watch(Watch watch) { watches_.push_back(std::move(watch)); }
  /// The next watch cannot connect.
  void watchFails(std::string error) { watches_.push_back(Watch{0, {}, std::move(error)}); }

  HttpResponse send(const HttpRequest& request) override {
    requests_.push_back(request);
    if (lists_.empty()) return outOfScript(request);
    HttpResponse next = std::move(lists_.front());
    lists_.pop_front();
    return next;
  }

  HttpResponse stream(const HttpRequest& request, StreamHandler& handler) override {
    if (request.path.find("watch=1") == std::string::npos) return streamList(request, handler);
    requests_.push_back(request);
    if (watches_.empty()) return outOfScript(request);
    const Watch next = std::move(watches_.front());
    watches_.pop_front();
    now_ += next.lasts;
    HttpResponse response;
    if (next.status == 0) {
      response.error = next.error;
      return response;
    }
    handler.onStart(next.status);
    for (const auto& chunk : next.chunks) {
      if (next.status < 200 || next.status >= 300) {
        response.body += chunk;
        continue;
      }
      if (!handler.onChunk(chunk)) {
        response.error = "abandoned";
        return response;
      }
    }
    if (!next.error.empty()) {
      response.error = next.error;
      return response;
    }
    response.status = next.status;
    return response;
  }

  [[nodiscard]] const std::vector<HttpRequest>& requests() const { return requests_; }
  /// The server's clock: moves only while a scripted watch stream is open.
  [[nodiscard]] std::chrono::steady_clock::time_point now() const { return now_; }

 private:
  /// A LIST read as a stream (as ListWatcher does, so a stop cuts it short): the scripted answer in one
  /// chunk.
  HttpResponse streamList(const HttpRequest& request, StreamHandler& handler) {
    HttpResponse answer = send(request);
    if (answer.transportFailed()) return answer;
    handler.onStart(answer.status);
    if (answer.status >= 200 && answer.status < 300) {
      handler.onChunk(answer.body);
      answer.body.clear();
    }
    return answer;
  }

  HttpResponse outOfScript(const HttpRequest& request) {
    stop_.request_stop();
    HttpResponse none;
    none.error = "ScriptedWatchServer: nothing scripted for " + request.path;
    return none;
  }

  std::stop_source& stop_;
  std::deque<HttpResponse> lists_;
  std::deque<Watch> watches_;
  std::vector<HttpRequest> requests_;
  std::chrono::steady_clock::time_point now_{};
};

}  // namespace lecter::testing
