// The notifier's loop over a robot stub and a manual clock: rate limits with digests, retries, a
// receiver that hangs, the bounded queue.

#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "lecter/notify/notify_loop.h"
#include "notify_fixtures.h"
#include "support/common/manual_clock.h"

namespace lecter::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

/// Answers each request with `answer` (none: it hangs), from poll(), and records when each came.
class RobotStub final : public HttpClient {
 public:
  explicit RobotStub(const Clock& clock) : clock_(clock) {}
  std::function<std::optional<HttpResponse>(const HttpRequest&)> answer = [](const HttpRequest&) {
    HttpResponse ok;
    ok.status = 200;
    ok.body = R"({"errcode":0,"errmsg":"ok"})";
    return std::optional<HttpResponse>(ok);
  };
  HttpResponse send(const HttpRequest& request) override { return answer(request).value_or(HttpResponse{}); }
  void start(const HttpRequest& request, HttpDone done) override {
    if (refuse_start) throw std::runtime_error("no transfer can be made");
    requests.push_back(request);
    sent_at.push_back(clock_.now());
    waiting_.emplace_back(request, std::move(done));
  }
  std::size_t poll(std::chrono::milliseconds /*max_wait*/) override {
    std::deque<std::pair<HttpRequest, HttpDone>> still;
    auto waiting = std::move(waiting_);
    waiting_.clear();
    for (auto& [request, done] : waiting) {
      if (auto response = answer(request)) {
        done(std::move(*response));
      } else {
        still.emplace_back(std::move(request), std::move(done));
      }
    }
    for (auto& item : still) waiting_.push_back(std::move(item));
    return waiting_.size();
  }
  std::vector<HttpRequest> requests;
  std::vector<SteadyTime> sent_at;
  bool refuse_start = false;

 private:
  const Clock& clock_;
  std::deque<std::pair<HttpRequest, HttpDone>> waiting_;
};

class CountingMetrics final : public Metrics {
 public:
  void setTargets(const std::vector<TargetUp>& /*targets*/) override {}
  void countProbe(std::string_view /*s*/, std::string_view /*k*/, std::string_view /*o*/,
                  double /*t*/) override {}
  void countTransition(std::string_view /*s*/, std::string_view /*d*/) override {}
  void countWrite(std::string_view /*s*/, std::string_view /*k*/, std::string_view /*r*/) override {}
  void countLocalProbeError() override {}
  void countApiServerRequest(std::string_view /*v*/, int /*c*/, double /*t*/) override {}
  void cycleEnded(double /*s*/, double /*u*/) override {}
  void countConfigReload(bool /*taken*/) override {}
  void setProbesInFlightMax(std::size_t /*p*/) override {}
  void setRedisUp(bool /*up*/) override {}
  void setLeader(bool /*leading*/) override {}
  void setShardsHeld(std::size_t /*shards*/) override {}
  void setQuorumVotes(const std::map<std::string, int>& /*votes*/) override {}
  void countWatchRestart(std::string_view /*r*/, std::string_view /*why*/) override {}
  void countNotification(std::string_view receiver, std::string_view result) override {
    ++counts[std::string(receiver) + "/" + std::string(result)];
  }
  void setNotificationQueueLength(std::string_view receiver, std::size_t length) override {
    queue[std::string(receiver)] = length;
  }
  std::map<std::string, int> counts;
  std::map<std::string, std::size_t> queue;
};

NotifyConfig dingTalkConfig(std::chrono::milliseconds group_wait = seconds(1)) {
  NotifyConfig config;
  config.receivers.push_back(
      receiverConfig(ReceiverType::DingTalk, "https://oapi.dingtalk.com/robot/send?access_token=t"));
  config.group_wait = group_wait;
  config.group_interval = seconds(1);
  config.repeat_interval = std::chrono::hours(4);
  return config;
}

class NotifyLoopTest : public ::testing::Test {
 protected:
  void build(const NotifyConfig& config, NotifyLoopOptions options = {}) {
    options.metrics = &metrics_;
    options.host = "lecter-0";
    options.random = [] { return 0.0; };
    loop_ = std::make_unique<NotifyLoop>(config, robot_, store_, clock_, options);
  }
  void stepFor(std::chrono::milliseconds span, std::chrono::milliseconds tick = milliseconds(100)) {
    for (auto passed = milliseconds(0); passed < span; passed += tick) {
      loop_->step();
      clock_.advance(tick);
    }
    loop_->step();
  }
  std::string allBodies() const {
    std::string all;
    for (const auto& request : robot_.requests) all += request.body;
    return all;
  }

  ManualClock clock_;
  RobotStub robot_{clock_};
  MemoryNotificationLogStore store_;
  CountingMetrics metrics_;
  std::unique_ptr<NotifyLoop> loop_;
};

TEST_F(NotifyLoopTest, AHundredTransitionsInAMinuteTakeAtMostTwentyDingTalkRequestsAndLoseNone) {
  build(dingTalkConfig());
  std::vector<Alert> firing;
  for (int i = 1; i <= 100; ++i) {
    // A target of another service every 0.6 s: a hundred groups within the minute.
    firing.push_back(targetDown(1, toUnixMillis(clock_.wallNow()), "svc" + std::to_string(i)));
    loop_->update(firing);
    stepFor(milliseconds(600));
  }
  const SteadyTime start = robot_.sent_at.front();
  std::size_t in_first_minute = 0;
  for (const SteadyTime at : robot_.sent_at) in_first_minute += at < start + seconds(60) ? 1 : 0;
  EXPECT_LE(in_first_minute, 20U);
  stepFor(seconds(60));
  // No minute, wherever it starts, holds more than 20.
  for (std::size_t i = 0; i < robot_.sent_at.size(); ++i) {
    std::size_t within = 0;
    for (std::size_t j = i; j < robot_.sent_at.size() && robot_.sent_at[j] < robot_.sent_at[i] + seconds(60);
         ++j)
      ++within;
    EXPECT_LE(within, 20U) << "from request " << i;
  }
  const std::string all = allBodies();
  for (int i = 1; i <= 100; ++i) {
    EXPECT_NE(all.find("svc" + std::to_string(i) + " (default/svc" + std::to_string(i) + "-ext)"),
              std::string::npos)
        << "svc" << i << " was never told";
  }
  EXPECT_LT(robot_.requests.size(), 100U) << "digests merged groups";
  EXPECT_NE(all.find(" groups: "), std::string::npos) << "a digest's title counts its groups";
  EXPECT_EQ(loop_->waiting(), 0U);
}

TEST_F(NotifyLoopTest, TooFastIsCountedAsFailedAndTriedAgainLater) {
  build(dingTalkConfig());
  int answered = 0;
  robot_.answer = [&answered](const HttpRequest&) {
    HttpResponse response;
    response.status = 200;
    response.body =
        answered++ == 0 ? R"({"errcode":130101,"errmsg":"send too fast"})" : R"({"errcode":0,"errmsg":"ok"})";
    return std::optional<HttpResponse>(response);
  };
  loop_->update({targetDown(1)});
  stepFor(seconds(1));
  ASSERT_EQ(robot_.requests.size(), 1U);
  EXPECT_EQ(metrics_.counts["ops/failed"], 1);
  stepFor(milliseconds(1500));
  EXPECT_EQ(robot_.requests.size(), 1U) << "waits out the backoff (2 s)";
  stepFor(seconds(1));
  ASSERT_EQ(robot_.requests.size(), 2U);
  EXPECT_EQ(metrics_.counts["ops/sent"], 1);
  EXPECT_EQ(robot_.requests[0].body.substr(0, 60), robot_.requests[1].body.substr(0, 60));
  stepFor(seconds(10));
  EXPECT_EQ(robot_.requests.size(), 2U) << "told once it arrived";
}

TEST_F(NotifyLoopTest, AReceiverThatHangsHoldsUpNoOther) {
  NotifyConfig config = dingTalkConfig();
  config.receivers.push_back(receiverConfig(ReceiverType::Webhook, "http://127.0.0.1:1/hangs"));
  config.receivers.back().name = "hangs";
  build(config);
  robot_.answer = [](const HttpRequest& request) -> std::optional<HttpResponse> {
    if (request.path.find("hangs") != std::string::npos) return std::nullopt;
    HttpResponse ok;
    ok.status = 200;
    ok.body = R"({"errcode":0})";
    return ok;
  };
  loop_->update({targetDown(1)});
  stepFor(seconds(2));
  loop_->update({targetDown(1), targetDown(2)});
  stepFor(seconds(2));
  int to_ops = 0;
  for (const auto& request : robot_.requests)
    to_ops += request.path.find("dingtalk") != std::string::npos ? 1 : 0;
  EXPECT_EQ(to_ops, 2);
  EXPECT_EQ(metrics_.counts["ops/sent"], 2);
}

TEST_F(NotifyLoopTest, AFullQueueDropsTheOldestAndCountsIt) {
  NotifyConfig config;
  config.receivers.push_back(receiverConfig(ReceiverType::Webhook, "http://127.0.0.1:1/hangs"));
  config.group_wait = seconds(1);
  config.group_interval = seconds(1);
  NotifyLoopOptions options;
  options.max_waiting_groups = 3;
  build(config, options);
  robot_.answer = [](const HttpRequest&) -> std::optional<HttpResponse> { return std::nullopt; };
  loop_->update({targetDown(1, kNowMs, "first")});
  stepFor(seconds(2));  // its message hangs
  std::vector<Alert> firing{targetDown(1, kNowMs, "first")};
  for (int i = 1; i <= 5; ++i) firing.push_back(targetDown(1, kNowMs, "svc" + std::to_string(i)));
  loop_->update(firing);
  stepFor(seconds(1));  // up to their first look
  EXPECT_EQ(metrics_.counts["ops/dropped"], 2);
  EXPECT_EQ(metrics_.queue["ops"], 4U) << "three waiting and the one in flight";
}

TEST_F(NotifyLoopTest, AReloadKeepsWhatAReceiverWasToldAndItsNewUrlIsUsed) {
  build(dingTalkConfig());
  loop_->update({targetDown(1)});
  stepFor(seconds(2));
  ASSERT_EQ(robot_.requests.size(), 1U);
  NotifyConfig moved = dingTalkConfig();
  moved.receivers[0].url = "https://oapi.dingtalk.com/robot/send?access_token=new";
  loop_->reconfigure(moved);
  loop_->update({targetDown(1), targetDown(2)});
  stepFor(seconds(2));
  ASSERT_EQ(robot_.requests.size(), 2U);
  EXPECT_EQ(robot_.requests[1].path, "https://oapi.dingtalk.com/robot/send?access_token=new");
  const std::string body = robot_.requests[1].body;
  EXPECT_NE(body.find("node-02"), std::string::npos);
  EXPECT_NE(body.find("2 down"), std::string::npos)
      << "node-01 is still down, and was told before the reload";
  stepFor(seconds(5));
  EXPECT_EQ(robot_.requests.size(), 2U) << "nothing told twice";
}

TEST_F(NotifyLoopTest, WhatReceiversTakenOutOfTheConfigWereToldIsForgotten) {
  store_.write({{"gone/redis", R"({"at_ms": 5, "firing": [{"event": "target_down", "starts_ms": 1}]})"},
                {"ops/redis", R"({"at_ms": 5, "firing": [{"event": "target_down", "starts_ms": 1}]})"}});
  build(dingTalkConfig());
  loop_->step();
  const auto kept = store_.load();
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->size(), 1U);
  EXPECT_EQ(kept->count("ops/redis"), 1U);
}

TEST_F(NotifyLoopTest, WaitsForTheLogBeforeSendingAndGoesOnWithoutItInTheEnd) {
  class UnreadableStore final : public NotificationLogStore {
   public:
    std::optional<std::map<std::string, std::string>> load() override { return std::nullopt; }
    bool write(const NotificationLogChanges&) override { return false; }
  } unreadable;
  NotifyLoopOptions options;
  options.metrics = &metrics_;
  options.log_wait = seconds(10);
  loop_ = std::make_unique<NotifyLoop>(dingTalkConfig(), robot_, unreadable, clock_, options);
  loop_->update({targetDown(1)});
  stepFor(seconds(5));
  EXPECT_TRUE(robot_.requests.empty()) << "a message told before the restart must not go again";
  stepFor(seconds(6));
  EXPECT_EQ(robot_.requests.size(), 1U);
}

TEST_F(NotifyLoopTest, AnAnswerForAReceiverReplacedByAReloadIsNotTheNewOnes) {
  auto hang = [](const HttpRequest&) { return std::optional<HttpResponse>(); };
  robot_.answer = hang;
  build(dingTalkConfig());
  loop_->update({targetDown(1)});
  stepFor(seconds(2));
  ASSERT_EQ(robot_.requests.size(), 1U);
  NotifyConfig slack = dingTalkConfig();
  slack.receivers[0] = receiverConfig(ReceiverType::Slack, "https://hooks.slack.com/services/T0/B0/x");
  loop_->reconfigure(slack);
  stepFor(seconds(2));
  ASSERT_EQ(robot_.requests.size(), 2U) << "the new receiver is told too";
  // Now the old robot's answer comes: a failure. It is not the Slack message's.
  robot_.answer = [](const HttpRequest& request) {
    if (request.path.find("dingtalk") == std::string::npos) return std::optional<HttpResponse>();
    HttpResponse failed;
    failed.status = 500;
    return std::optional<HttpResponse>(failed);
  };
  stepFor(seconds(10));
  EXPECT_EQ(robot_.requests.size(), 2U) << "the Slack message is still in flight: not sent twice";
  EXPECT_EQ(metrics_.counts["ops/failed"], 0);
}

TEST_F(NotifyLoopTest, ALongMessageKeepsItsTextFromPartToPartThroughRetries) {
  std::size_t answered = 0;
  robot_.answer = [&answered](const HttpRequest&) {
    HttpResponse response;
    // The first part arrives, the second fails once.
    response.status = ++answered == 2 ? 500 : 200;
    response.body = R"({"errcode":0,"errmsg":"ok"})";
    return std::optional<HttpResponse>(response);
  };
  build(dingTalkConfig());
  std::vector<Alert> firing;
  for (int i = 1; i <= 250; ++i) firing.push_back(targetDown(i));
  loop_->update(firing);
  stepFor(seconds(90), seconds(1));
  ASSERT_GE(robot_.requests.size(), 3U);
  ASSERT_NE(robot_.requests[1].body.find("(2/"), std::string::npos) << robot_.requests[1].body;
  EXPECT_EQ(robot_.requests[2].body, robot_.requests[1].body) << "the retried part says what it first said";
}

TEST_F(NotifyLoopTest, ARetryAfterOfADayWaitsNoLongerThanTheLongestBackoff) {
  robot_.answer = [this](const HttpRequest&) {
    HttpResponse response;
    response.status = robot_.requests.size() == 1 ? 429 : 200;
    response.headers = {{"retry-after", "86400"}};
    response.body = R"({"errcode":0,"errmsg":"ok"})";
    return std::optional<HttpResponse>(response);
  };
  build(dingTalkConfig());
  loop_->update({targetDown(1)});
  stepFor(seconds(2));
  ASSERT_EQ(robot_.requests.size(), 1U);
  stepFor(std::chrono::minutes(6), seconds(1));
  EXPECT_EQ(robot_.requests.size(), 2U);
  EXPECT_EQ(metrics_.counts["ops/sent"], 1);
}

TEST_F(NotifyLoopTest, ASendThatCouldNotStartIsTriedAgain) {
  build(dingTalkConfig());
  loop_->update({targetDown(1)});
  robot_.refuse_start = true;
  clock_.advance(seconds(2));
  EXPECT_THROW(loop_->step(), std::runtime_error);
  robot_.refuse_start = false;
  EXPECT_EQ(loop_->inFlight(), 0U);
  stepFor(seconds(10));
  EXPECT_EQ(robot_.requests.size(), 1U);
  EXPECT_EQ(metrics_.counts["ops/sent"], 1);
}

/// Counts its writes; refuses them, or its reads, while told to.
class CountingStore final : public NotificationLogStore {
 public:
  std::optional<std::map<std::string, std::string>> load() override {
    if (!readable) return std::nullopt;
    return memory.load();
  }
  bool write(const NotificationLogChanges& changes) override {
    ++writes;
    return writable && memory.write(changes);
  }
  MemoryNotificationLogStore memory;
  bool readable = true;
  bool writable = true;
  int writes = 0;
};

TEST_F(NotifyLoopTest, ADigestOfFortyGroupsIsOneWriteOfTheLog) {
  CountingStore store;
  NotifyLoopOptions options;
  options.metrics = &metrics_;
  loop_ = std::make_unique<NotifyLoop>(dingTalkConfig(), robot_, store, clock_, options);
  std::vector<Alert> firing;
  for (int i = 1; i <= 40; ++i) firing.push_back(targetDown(1, kNowMs - 65'000, "svc" + std::to_string(i)));
  loop_->update(firing);
  stepFor(seconds(3));
  ASSERT_EQ(robot_.requests.size(), 1U) << "one digest";
  EXPECT_EQ(store.writes, 1);
  EXPECT_EQ(store.memory.load()->size(), 40U);
}

TEST_F(NotifyLoopTest, ALogThatRefusesWritesIsTriedEveryFewSecondsNotEveryStep) {
  CountingStore store;
  store.writable = false;
  NotifyLoopOptions options;
  options.metrics = &metrics_;
  options.log_retry = seconds(2);
  loop_ = std::make_unique<NotifyLoop>(dingTalkConfig(), robot_, store, clock_, options);
  loop_->update({targetDown(1)});
  stepFor(seconds(2));
  ASSERT_EQ(robot_.requests.size(), 1U);
  store.writes = 0;
  stepFor(seconds(10));  // a hundred steps
  EXPECT_LE(store.writes, 6);
  EXPECT_GE(store.writes, 4);
  store.writable = true;
  stepFor(seconds(3));
  EXPECT_EQ(store.memory.load()->size(), 1U) << "written once the store takes it";
  EXPECT_EQ(robot_.requests.size(), 1U) << "and never sent twice meanwhile";
}

TEST_F(NotifyLoopTest, ALogReadLateStillHasWhatAnEarlierRunToldEnded) {
  CountingStore store;
  store.memory.write(
      {{"ops/redis",
        R"({"at_ms": 5, "firing": [{"event": "target_down", "service": "redis", "namespace": "default",
            "name": "redis-ext", "target": "node-07", "address": "198.18.0.7:6379", "starts_ms": 1}]})"}});
  store.readable = false;
  NotifyLoopOptions options;
  options.metrics = &metrics_;
  options.log_wait = seconds(5);
  options.log_reread = seconds(30);
  loop_ = std::make_unique<NotifyLoop>(dingTalkConfig(), robot_, store, clock_, options);
  loop_->update({});
  stepFor(seconds(10));
  store.readable = true;
  stepFor(seconds(31));
  loop_->update({});  // the next cycle: node-07 is not down
  stepFor(seconds(3));
  ASSERT_EQ(robot_.requests.size(), 1U);
  EXPECT_NE(robot_.requests[0].body.find("node-07"), std::string::npos) << robot_.requests[0].body;
  EXPECT_TRUE(store.memory.load()->empty()) << "its end told, the entry goes";
}

}  // namespace
}  // namespace lecter::testing
