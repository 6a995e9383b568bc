#pragma once
/// Debian ships cpp-httplib compiled, not instrumented. The function-local statics it builds on first
/// use (the set of request methods it accepts, the regexes it reads status lines and headers with) are
/// guarded by a flag whose load ThreadSanitizer cannot see in uninstrumented code, so TSan takes a
/// second thread's first read of such a static for a race with the first thread's construction of it.
/// The fixture therefore has one request served before any other, with chunked transfer as a watch's:
/// the constructing thread is its client, and HttpJobOrder puts that job before every later one, so
/// both sides' statics exist, visibly to TSan, before a second thread can need them.

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>

namespace lecter::testing {

/// Orders the server's jobs (one per connection): each starts after every job that has ended.
class HttpJobOrder {
 public:
  /// `job`, taking the order when it starts and counted when it ends.
  std::function<void()> wrap(std::function<void()> job);
  /// Waits up to `timeout` until `count` jobs have ended.
  bool waitForEnded(std::size_t count, std::chrono::milliseconds timeout);

 private:
  std::mutex mutex_;
  std::condition_variable ended_changed_;
  std::size_t ended_ = 0;
};

/// httplib's thread pool, each job wrapped by an HttpJobOrder that outlives it.
class OrderedThreadPool final : public httplib::ThreadPool {
 public:
  OrderedThreadPool(std::size_t threads, HttpJobOrder& order) : ThreadPool(threads), order_(order) {}
  void enqueue(std::function<void()> job) override { ThreadPool::enqueue(order_.wrap(std::move(job))); }

 private:
  HttpJobOrder& order_;
};

/// The path of the warm-up request; the fixture answers it before routing and does not record it.
inline constexpr const char* kWarmUpPath = "/.lecter-fixture/warm-up";

/// Answers the warm-up request (one chunked line) and returns true; false for any other request.
bool answerWarmUp(const httplib::Request& request, httplib::Response& response);

/// Sends the warm-up request to `url` (trusting `ca_file` for https) from this thread, and waits until
/// the server's job for it has ended. Throws std::runtime_error when it is not answered.
void warmUp(const std::string& url, const std::string& ca_file, HttpJobOrder& order);

}  // namespace lecter::testing
