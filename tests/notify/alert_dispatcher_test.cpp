// Grouping and deduplication as Alertmanager does them: group_wait, group_interval, repeat_interval,
// and the notification log deciding what is news.

#include <gtest/gtest.h>

#include "lecter/notify/alert_dispatcher.h"
#include "notify_fixtures.h"
#include "support/common/manual_clock.h"

namespace lecter::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class AlertDispatcherTest : public ::testing::Test {
 protected:
  AlertDispatcherTest() : log_(store_), dispatcher_(timing(), {ReceiverRoute{"ops", {}, {}}}, log_) {
    EXPECT_TRUE(log_.load());
  }
  static GroupTiming timing() { return GroupTiming{seconds(30), seconds(300), std::chrono::hours(4)}; }
  long long nowMs() const { return toUnixMillis(clock_.wallNow()); }
  void update(const std::vector<Alert>& firing) { dispatcher_.update(firing, clock_.now(), nowMs()); }
  std::vector<Notification> flush() {
    std::vector<Notification> out;
    for (const GroupKey& key : dispatcher_.due(clock_.now(), nowMs())) {
      if (auto n = dispatcher_.pending(key, nowMs())) out.push_back(*n);
    }
    return out;
  }
  /// Flushes and tells the receiver everything that came out.
  std::vector<Notification> flushAndDeliver() {
    std::vector<Notification> out = flush();
    for (const Notification& n : out) dispatcher_.delivered(n, nowMs());
    return out;
  }

  ManualClock clock_;
  MemoryNotificationLogStore store_;
  NotificationLog log_;
  AlertDispatcher dispatcher_;
};

TEST_F(AlertDispatcherTest, FortyTargetsOfOneServiceDownMakeOneNotification) {
  std::vector<Alert> firing;
  for (int i = 1; i <= 40; ++i) firing.push_back(targetDown(i));
  update(firing);
  EXPECT_TRUE(flush().empty()) << "nothing before group_wait";
  clock_.advance(seconds(30));
  const auto sent = flushAndDeliver();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent.front().group, "redis");
  EXPECT_EQ(sent.front().firing.size(), 40U);
}

TEST_F(AlertDispatcherTest, AFlapInsideGroupWaitSendsNothing) {
  update({targetDown(1)});
  clock_.advance(seconds(10));
  EXPECT_TRUE(flush().empty()) << "still within group_wait";
  update({});
  clock_.advance(seconds(20));
  EXPECT_TRUE(flush().empty());
  clock_.advance(seconds(300));
  EXPECT_TRUE(flush().empty());
  EXPECT_FALSE(dispatcher_.nextDue().has_value()) << "the group is gone";
}

TEST_F(AlertDispatcherTest, AnEndIsToldAtTheNextLookWithWhenItEnded) {
  update({targetDown(1)});
  clock_.advance(seconds(30));
  ASSERT_EQ(flushAndDeliver().size(), 1U);
  clock_.advance(seconds(100));
  const long long ended_at = nowMs();
  update({});
  clock_.advance(seconds(199));
  EXPECT_TRUE(flush().empty()) << "group_interval has not passed";
  clock_.advance(seconds(1));
  const auto sent = flushAndDeliver();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_TRUE(sent.front().firing.empty());
  ASSERT_EQ(sent.front().resolved.size(), 1U);
  EXPECT_EQ(sent.front().resolved.front().ends_ms, ended_at);
  clock_.advance(seconds(300));
  EXPECT_TRUE(flush().empty());
  EXPECT_TRUE(log_.entries().empty());
}

TEST_F(AlertDispatcherTest, AnEndTakesTheTimeTheRulesGiveIt) {
  update({targetDown(1)});
  clock_.advance(seconds(30));
  ASSERT_EQ(flushAndDeliver().size(), 1U);
  clock_.advance(seconds(10));
  dispatcher_.update({}, clock_.now(), nowMs(), {{targetDown(1).key(), nowMs() - 700}});
  clock_.advance(seconds(300));
  const auto sent = flush();
  ASSERT_EQ(sent.size(), 1U);
  ASSERT_EQ(sent.front().resolved.size(), 1U);
  EXPECT_EQ(sent.front().resolved.front().ends_ms, nowMs() - 300'000 - 700);
}

TEST_F(AlertDispatcherTest, UnchangedFiringGroupsRepeatOnlyAfterRepeatInterval) {
  update({targetDown(1)});
  clock_.advance(seconds(30));
  ASSERT_EQ(flushAndDeliver().size(), 1U);
  for (int i = 0; i < 47; ++i) {
    clock_.advance(seconds(300));
    update({targetDown(1)});
    EXPECT_TRUE(flush().empty()) << "look " << i;
  }
  clock_.advance(seconds(300));  // 4 h since the message
  EXPECT_EQ(flushAndDeliver().size(), 1U);
}

TEST_F(AlertDispatcherTest, ANewTargetDownInAToldGroupIsNewsAtTheNextLook) {
  update({targetDown(1)});
  clock_.advance(seconds(30));
  ASSERT_EQ(flushAndDeliver().size(), 1U);
  update({targetDown(1), targetDown(2)});
  clock_.advance(seconds(300));
  const auto sent = flushAndDeliver();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent.front().firing.size(), 2U);
}

TEST_F(AlertDispatcherTest, AMessageThatDidNotArriveIsToldAgain) {
  update({targetDown(1)});
  clock_.advance(seconds(30));
  ASSERT_EQ(flush().size(), 1U);  // not delivered
  clock_.advance(seconds(300));
  EXPECT_EQ(flush().size(), 1U);
}

TEST_F(AlertDispatcherTest, GroupsAreKeptApartPerServiceAndReceiver) {
  dispatcher_.reconfigure(timing(), {ReceiverRoute{"ops", {}, {}}, ReceiverRoute{"dba", {"mysql"}, {}}});
  update({targetDown(1, kNowMs, "redis"), targetDown(2, kNowMs, "mysql")});
  clock_.advance(seconds(30));
  const auto sent = flush();
  ASSERT_EQ(sent.size(), 3U);  // ops: redis and mysql; dba: mysql only
  int dba = 0;
  for (const auto& n : sent) dba += n.receiver == "dba" ? 1 : 0;
  EXPECT_EQ(dba, 1);
}

TEST_F(AlertDispatcherTest, EventsFilterWhatAReceiverTakes) {
  dispatcher_.reconfigure(timing(), {ReceiverRoute{"ops", {}, {AlertEvent::ServiceDown}}});
  update({targetDown(1)});
  clock_.advance(seconds(30));
  EXPECT_TRUE(flush().empty());
}

TEST_F(AlertDispatcherTest, AGroupWhoseMessageIsStillOnItsWayKeepsTheEndOfItsAlerts) {
  update({targetDown(1)});
  clock_.advance(seconds(30));
  const std::vector<Notification> on_its_way = flush();  // sent, not answered yet
  ASSERT_EQ(on_its_way.size(), 1U);
  const long long ended_ms = nowMs() + 1000;
  dispatcher_.update({}, clock_.now(), nowMs(), {{targetDown(1).key(), ended_ms}});
  // The robot takes long to answer: the group's next look comes first.
  clock_.advance(seconds(300));
  EXPECT_TRUE(dispatcher_.due(clock_.now(), nowMs(), {{"ops", "redis"}}).empty());
  dispatcher_.delivered(on_its_way.front(), nowMs());
  update({});
  clock_.advance(seconds(300));
  const std::vector<Notification> next = flush();
  ASSERT_EQ(next.size(), 1U);
  ASSERT_EQ(next[0].resolved.size(), 1U);
  EXPECT_EQ(next[0].resolved[0].ends_ms, ended_ms) << "when it ended, not when the answer came";
}

TEST(NotificationLogRestart, WhatWasToldSurvivesInTheStoreAndIsNotToldTwice) {
  ManualClock clock;
  MemoryNotificationLogStore store;  // stands for Redis: it outlives both runs
  const GroupTiming timing{seconds(30), seconds(300), std::chrono::hours(4)};
  {
    NotificationLog log(store);
    ASSERT_TRUE(log.load());
    AlertDispatcher first(timing, {ReceiverRoute{"ops", {}, {}}}, log);
    first.update({targetDown(1)}, clock.now(), toUnixMillis(clock.wallNow()));
    clock.advance(seconds(30));
    for (const auto& key : first.due(clock.now(), toUnixMillis(clock.wallNow()))) {
      first.delivered(*first.pending(key, toUnixMillis(clock.wallNow())), toUnixMillis(clock.wallNow()));
    }
    ASSERT_TRUE(log.saveUnsaved());
  }
  NotificationLog log(store);
  ASSERT_TRUE(log.load());
  AlertDispatcher second(timing, {ReceiverRoute{"ops", {}, {}}}, log);
  second.update({targetDown(1)}, clock.now(), toUnixMillis(clock.wallNow()));
  clock.advance(seconds(30));
  EXPECT_TRUE(second.due(clock.now(), toUnixMillis(clock.wallNow())).empty()) << "told before the restart";
  // The target came back while lecter was away: its end is told.
  second.update({}, clock.now(), toUnixMillis(clock.wallNow()));
  clock.advance(seconds(300));
  const auto due = second.due(clock.now(), toUnixMillis(clock.wallNow()));
  ASSERT_EQ(due.size(), 1U);
  const auto n = second.pending(due.front(), toUnixMillis(clock.wallNow()));
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->resolved.size(), 1U);
}

TEST(NotificationLogRestart, AnEntryThatCannotBeReadIsSkipped) {
  MemoryNotificationLogStore store;
  store.write(
      {{"ops/redis", "{not json"},
       {"ops/mysql",
        R"({"at_ms": 5, "firing": [{"event": "target_down", "starts_ms": 1, "service": "mysql"}]})"}});
  NotificationLog log(store);
  ASSERT_TRUE(log.load());
  EXPECT_EQ(log.entries().size(), 1U);
  EXPECT_NE(log.find({"ops", "mysql"}), nullptr);
}

}  // namespace
}  // namespace lecter::testing
