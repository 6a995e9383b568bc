#pragma once
/// A thread that makes one try after another (a Lease's renewal, the shards' round), waiting between
/// them as long as each try says, until stopped: a stop wakes the wait at once.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace lecter {

class RetryLoop {
 public:
  /// `try_once` returns the wait before the next try.
  explicit RetryLoop(std::function<std::chrono::milliseconds()> try_once) : try_once_(std::move(try_once)) {}
  ~RetryLoop() { stop(); }
  RetryLoop(const RetryLoop&) = delete;
  RetryLoop& operator=(const RetryLoop&) = delete;

  /// Starts the thread (once; never after stop()).
  void start();
  /// Ends the thread; a try in flight first ends as it does.
  void stop();

 private:
  std::function<std::chrono::milliseconds()> try_once_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace lecter
