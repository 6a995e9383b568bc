// The notifier's thread: a stop never waits for a notification log that hangs.

#include "lecter/notify/notifier.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <mutex>

namespace lecter::testing {
namespace {

/// Answers every request at once: the message arrived.
class ArrivingRobot final : public HttpClient {
 public:
  HttpResponse send(const HttpRequest& /*request*/) override { return answer(); }
  void start(const HttpRequest& /*request*/, HttpDone done) override { waiting_.push_back(std::move(done)); }
  std::size_t poll(std::chrono::milliseconds /*max_wait*/) override {
    auto waiting = std::move(waiting_);
    waiting_.clear();
    for (auto& done : waiting) done(answer());
    return 0;
  }

 private:
  static HttpResponse answer() {
    HttpResponse ok;
    ok.status = 200;
    ok.body = R"({"errcode":0,"errmsg":"ok"})";
    return ok;
  }
  std::deque<HttpDone> waiting_;
};

/// What the store went through; outlives it (the notifier owns the store).
struct Hang {
  std::mutex mutex;
  std::condition_variable changed;
  bool writing = false;
  bool interrupted = false;
};

/// Reads as empty; a write hangs as a stopped Redis would, until interrupt().
class HangingStore final : public NotificationLogStore {
 public:
  explicit HangingStore(Hang& hang) : hang_(hang) {}
  std::optional<std::map<std::string, std::string>> load() override {
    return std::map<std::string, std::string>{};
  }
  bool write(const NotificationLogChanges& /*changes*/) override {
    std::unique_lock lock(hang_.mutex);
    hang_.writing = true;
    hang_.changed.notify_all();
    hang_.changed.wait(lock, [this] { return hang_.interrupted; });
    return false;
  }
  void interrupt() override {
    const std::lock_guard lock(hang_.mutex);
    hang_.interrupted = true;
    hang_.changed.notify_all();
  }

 private:
  Hang& hang_;
};

TEST(Notifier, AStopCutsShortALogWriteThatHangs) {
  Config config;
  ServiceSpec redis{"redis", "default", "redis-ext", 6379, {}, {}, ReadyWhen::All};
  redis.targets.push_back(TargetSpec{"node-01", *parseIpAddress("198.18.0.1"), 6379});
  config.services.push_back(redis);
  ReceiverConfig ops;
  ops.name = "ops";
  ops.type = ReceiverType::DingTalk;
  ops.url = "https://oapi.dingtalk.com/robot/send?access_token=t";
  config.notify.receivers.push_back(ops);
  config.notify.group_wait = std::chrono::milliseconds(0);

  Hang hang;
  NotifierParts parts;
  parts.make_http = [](std::function<bool()> /*abandon*/) { return std::make_unique<ArrivingRobot>(); };
  parts.store = std::make_unique<HangingStore>(hang);
  SystemClock clock;
  auto notifier = std::make_unique<Notifier>(config, clock, std::move(parts));

  CycleReport report;
  TargetRecord down;
  down.service = "redis";
  down.name = "node-01";
  down.ip = "198.18.0.1";
  down.port = 6379;
  down.state = HealthState::Unhealthy;
  report.targets.push_back(down);
  notifier->observe(report);
  {
    std::unique_lock lock(hang.mutex);
    ASSERT_TRUE(hang.changed.wait_for(lock, std::chrono::minutes(1), [&hang] { return hang.writing; }))
        << "the message arrived and its log entry is being written";
  }
  notifier.reset();  // returns only once the write is cut short
  EXPECT_TRUE(hang.interrupted);
}

}  // namespace
}  // namespace lecter::testing
