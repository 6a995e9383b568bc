// Alerts end to end: the real binary, targets in a network namespace, and loopback robots made by the
// test, one per receiver type (issue 13, acceptance 1, 3 and 4).

#include <csignal>
#include <functional>
#include <thread>

#include <nlohmann/json.hpp>

#include "lecter/base/clock.h"
#include "lecter/base/utc_time.h"
#include "lecter/notify/message_text.h"
#include "lecter_test.h"
#include "metrics_scrape.h"
#include "notify/signature_check.h"
#include "support/robots/robot_server.h"

namespace lecter::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr char kRobotSecret[] = "SEC-it-robot-5e1f";

/// notify: with one receiver "it" of `type` at `url`, groups that wait `group_wait`.
std::string notifyYaml(const std::string& type, const std::string& url, const std::string& secret,
                       const std::string& group_wait = "300ms") {
  std::string yaml =
      "  group_wait: " + group_wait +
      "\n  group_interval: 300ms\n  repeat_interval: 4h\n  receivers:\n  - name: it\n    type: " + type +
      "\n    url: \"" + url + "\"\n";
  if (!secret.empty()) yaml += "    secret: \"" + secret + "\"\n";
  return yaml;
}

std::set<std::string> keysOf(const json& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.insert(key);
  return keys;
}

/// The title and the text of a chat robot's message, after checking the body has the type's shape
/// exactly (no key missing, none extra).
std::pair<std::string, std::string> titleAndText(const std::string& type, const json& body) {
  if (type == "dingtalk") {
    EXPECT_EQ(keysOf(body), (std::set<std::string>{"msgtype", "markdown"}));
    EXPECT_EQ(body["msgtype"], "markdown");
    EXPECT_EQ(keysOf(body["markdown"]), (std::set<std::string>{"title", "text"}));
    return {body["markdown"]["title"], body["markdown"]["text"]};
  }
  if (type == "wecom") {
    EXPECT_EQ(keysOf(body), (std::set<std::string>{"msgtype", "markdown"}));
    EXPECT_EQ(keysOf(body["markdown"]), (std::set<std::string>{"content"}));
    const std::string content = body["markdown"]["content"];
    EXPECT_LE(content.size(), 4096U);
    const auto newline = content.find('\n');
    return {content.substr(3, newline - 3), content.substr(newline + 1)};  // after "## "
  }
  if (type == "feishu") {
    EXPECT_EQ(keysOf(body), (std::set<std::string>{"msg_type", "content", "timestamp", "sign"}));
    EXPECT_EQ(body["msg_type"], "post");
    const json& post = body["content"]["post"]["zh_cn"];
    EXPECT_EQ(keysOf(post), (std::set<std::string>{"title", "content"}));
    std::string text;
    for (const json& paragraph : post["content"]) {
      EXPECT_EQ(paragraph.size(), 1U);
      EXPECT_EQ(paragraph[0]["tag"], "text");
      text += paragraph[0]["text"].get<std::string>() + "\n";
    }
    return {post["title"], text};
  }
  // slack
  EXPECT_EQ(keysOf(body), (std::set<std::string>{"text", "blocks"}));
  EXPECT_EQ(body["blocks"].size(), 3U);
  EXPECT_EQ(body["blocks"][0]["type"], "header");
  EXPECT_EQ(body["blocks"][0]["text"]["text"], body["text"]);
  EXPECT_EQ(body["blocks"][1]["type"], "section");
  EXPECT_EQ(body["blocks"][2]["type"], "context");
  return {body["text"], body["blocks"][1]["text"]["text"]};
}

void expectSigned(const std::string& type, const RobotRequest& request, const json& body) {
  const long long now_ms = toUnixMillis(std::chrono::system_clock::now());
  if (type == "dingtalk") {
    const std::string timestamp = request.params.at("timestamp");
    EXPECT_LT(std::abs(std::stoll(timestamp) - now_ms), 60'000) << "milliseconds, recent";
    EXPECT_EQ(request.params.at("sign"), expectedHmacBase64(kRobotSecret, timestamp + "\n" + kRobotSecret));
    EXPECT_NE(request.target.find("&sign=" + expectedDingTalkSign(timestamp, kRobotSecret)),
              std::string::npos)
        << request.target;
    EXPECT_EQ(request.params.at("access_token"), "it-token");
  }
  if (type == "feishu") {
    const std::string timestamp = body["timestamp"];
    EXPECT_LT(std::abs(std::stoll(timestamp) - now_ms / 1000), 60) << "seconds, recent";
    EXPECT_EQ(body["sign"], expectedFeishuSign(timestamp, kRobotSecret));
  }
}

class NotifyTest : public LecterTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(NotifyTest, ATargetDownAndBackIsToldInTheReceiversOwnFormat) {
  const std::string type = GetParam();
  RobotServer robot;
  if (type == "feishu") robot.answer(200, R"({"code":0,"msg":"success","data":{}})");
  if (type == "slack") robot.answer(200, "ok");
  const bool signs = type == "dingtalk" || type == "feishu";
  secrets_ = {kRobotSecret, "it-token"};  // TearDown checks lecter never showed them
  const auto ips = openTargets(2);
  auto settings = settingsFor(ips);
  settings.notify =
      notifyYaml(type, robot.url("/robot/send?access_token=it-token"), signs ? kRobotSecret : "");
  // At debug level every request's URL is logged: redacted, as the robot's token is in it.
  startLecter(settings, {"--log-level", "debug"});
  ASSERT_TRUE(eventuallyReady(ips, seconds(10)));
  ASSERT_TRUE(robot.requests().empty()) << "nothing is wrong yet";

  network_->closeListener(ips[1], kPort);
  ASSERT_TRUE(robot.waitForRequests(1, seconds(10))) << "the down was never told";
  network_->openListener(ips[1], kPort);
  ASSERT_TRUE(robot.waitForRequests(2, seconds(10))) << "the way back was never told";

  const std::string address = ips[1] + ":" + std::to_string(kPort);
  // When lecter saw it go and come back, as it recorded them in Redis: the messages say the same.
  long long down_ms = 0;
  long long up_ms = 0;
  std::string error;
  for (const auto& entry :
       redisReader().stream(transitionsKey()).value_or(std::vector<std::map<std::string, std::string>>{})) {
    if (entry.at("ip") != ips[1]) continue;
    if (entry.at("to") == "unhealthy") {
      down_ms = std::stoll(entry.at("at_ms"));
      error = entry.at("error");
    }
    if (entry.at("to") == "healthy" && down_ms != 0) up_ms = std::stoll(entry.at("at_ms"));
  }
  ASSERT_NE(down_ms, 0);
  ASSERT_NE(up_ms, 0);
  const auto requests = robot.requests();
  for (std::size_t i = 0; i < 2; ++i) {
    const RobotRequest& request = requests[i];
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.path, "/robot/send");
    EXPECT_EQ(request.content_type, "application/json; charset=utf-8");
    const json body = json::parse(request.body);
    expectSigned(type, request, body);
    const bool down = i == 0;
    if (type == "webhook") {
      EXPECT_EQ(body["version"], "4");
      EXPECT_EQ(body["receiver"], "it");
      EXPECT_EQ(body["groupKey"], "{}:{service=\"db\"}");
      EXPECT_EQ(body["status"], down ? "firing" : "resolved");
      ASSERT_EQ(body["alerts"].size(), 1U);
      const json& alert = body["alerts"][0];
      EXPECT_EQ(alert["labels"], json({{"alertname", "LecterTargetDown"},
                                       {"severity", "warning"},
                                       {"service", "db"},
                                       {"namespace", "default"},
                                       {"name", "db"},
                                       {"target", "node-02"},
                                       {"address", address}}));
      EXPECT_EQ(alert["annotations"]["outcome"], "refused");
      EXPECT_EQ(alert["status"], down ? "firing" : "resolved");
      EXPECT_EQ(alert["startsAt"], utcTimestamp(down_ms, true));
      EXPECT_EQ(alert["endsAt"], down ? "0001-01-01T00:00:00Z" : utcTimestamp(up_ms, true));
      continue;
    }
    const auto [title, text] = titleAndText(type, body);
    EXPECT_EQ(title, down ? "lecter: db (default/db): 1 down" : "lecter: db (default/db): 1 back");
    const std::string lead = (down ? "DOWN node-02 " : "UP node-02 ") + address;
    EXPECT_NE(text.find(lead), std::string::npos) << text;
    // Only how long it has been down when the message went is not known here.
    const std::string line = down ? "refused: " + error + ", since " + readableTime(down_ms) + " ("
                                  : "back after " + readableDuration(up_ms - down_ms) + " down (from " +
                                        readableTime(down_ms) + ")";
    EXPECT_NE(text.find(line), std::string::npos) << "no \"" << line << "\" in:\n" << text;
    EXPECT_EQ(text.find("node-01"), std::string::npos) << "the healthy target is not named";
  }
}

/// `notify:` with a webhook "hook" and a DingTalk robot "ding" on `robot`, groups that wait `group_wait`.
std::string twoReceivers(const RobotServer& robot, const std::string& group_wait) {
  return "  group_wait: " + group_wait +
         "\n  group_interval: 300ms\n  receivers:\n"
         "  - name: hook\n    type: webhook\n    url: \"" +
         robot.url("/hook") +
         "\"\n"
         "  - name: ding\n    type: dingtalk\n    url: \"" +
         robot.url("/robot/send?access_token=it-token") + "\"\n";
}

/// Issue 13, acceptance 2: forty targets of one service down in one cycle are one message per receiver.
TEST_F(LecterTest, FortyTargetsDownAreOneMessagePerReceiverNamingEveryOne) {
  RobotServer robot;
  secrets_ = {"it-token"};
  const auto ips = openTargets(40);
  auto settings = settingsFor(ips);
  settings.notify = twoReceivers(robot, "1s");
  startLecter(settings);
  ASSERT_TRUE(eventuallyReady(ips, seconds(15)));
  for (const auto& ip : ips) network_->closeListener(ip, kPort);
  ASSERT_TRUE(robot.waitForRequests(2, seconds(10)));
  EXPECT_FALSE(robot.waitForRequests(3, seconds(2))) << "more than one message per receiver";
  const auto requests = robot.requests();
  for (const RobotRequest& request : requests) {
    const json body = json::parse(request.body);
    if (request.path == "/hook") {
      EXPECT_EQ(body["alerts"].size(), 41U) << "40 targets down and the service with none healthy";
      continue;
    }
    const std::string text = body["markdown"]["text"];
    EXPECT_EQ(body["markdown"]["title"], "lecter: db (default/db): NO HEALTHY TARGET, 40 down");
    for (std::size_t i = 0; i < ips.size(); ++i) {
      EXPECT_NE(text.find(ips[i] + ":" + std::to_string(kPort)), std::string::npos) << ips[i];
    }
  }
}

/// Issue 13, acceptance 2: a target that goes down and comes back within group_wait sends nothing.
TEST_F(LecterTest, AFlapInsideGroupWaitSendsNothing) {
  RobotServer robot;
  const auto ips = openTargets(2);
  auto settings = settingsFor(ips);
  settings.notify = twoReceivers(robot, "3s");
  startLecter(settings);
  ASSERT_TRUE(eventuallyReady(ips, seconds(10)));
  network_->closeListener(ips[1], kPort);
  ASSERT_TRUE(eventuallyReady({ips[0]}, seconds(5)));
  network_->openListener(ips[1], kPort);
  ASSERT_TRUE(eventuallyReady(ips, seconds(5)));
  // Past the group's wait from the down, and two of its intervals.
  EXPECT_FALSE(robot.waitForRequests(1, seconds(4))) << "the flap was sent";
}

/// Issue 13, acceptance 3: a DingTalk robot that answers "too fast" under HTTP 200 is counted as
/// failed and tried again later, and the message then arrives once.
TEST_F(LecterTest, ATooFastAnswerIsCountedAsFailedAndTriedAgain) {
  RobotServer robot;
  robot.answer(200, R"({"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"})");
  const auto ips = openTargets(2);
  network_->closeListener(ips[1], kPort);
  auto settings = listeningSettings(ips);
  settings.notify = notifyYaml("dingtalk", robot.url("/robot/send?access_token=it-token"), "", "0s");
  startLecter(settings);
  ASSERT_TRUE(robot.waitForRequests(1, seconds(10)));
  const auto count = [this](const std::string& result) {
    return sampleValue(httpGet(listen_port_, "/metrics").body, "lecter_notifications_total",
                       {{"receiver", "it"}, {"result", result}})
        .value_or(0);
  };
  EXPECT_TRUE(eventually([&] { return count("failed") == 1; }, seconds(5)));
  robot.answer(200, R"({"errcode":0,"errmsg":"ok"})");
  ASSERT_TRUE(robot.waitForRequests(2, seconds(10))) << "never tried again";
  EXPECT_TRUE(eventually([&] { return count("sent") == 1; }, seconds(5)));
  const auto title = [&](std::size_t i) {
    return json::parse(robot.requests()[i].body)["markdown"]["title"];
  };
  EXPECT_EQ(title(0), "lecter: db (default/db): 1 down");
  EXPECT_EQ(title(1), title(0)) << "the same news, again";
  EXPECT_FALSE(robot.waitForRequests(3, seconds(2))) << "sent again after it arrived";
}

/// `lecter notify-test`: one test message to each receiver, each answer printed.
TEST_F(LecterTest, NotifyTestSendsOneMessageToEachReceiverAndPrintsEachAnswer) {
  RobotServer good;
  RobotServer refusing;
  refusing.answer(200, R"({"errcode":310000,"errmsg":"keywords not in content"})");
  secrets_ = {"it-token", kRobotSecret};
  auto settings = settingsFor({"198.18.0.10"});
  settings.notify = "  receivers:\n  - name: hook\n    type: webhook\n    url: \"" + good.url("/hook") +
                    "\"\n  - name: ding\n    type: dingtalk\n    url: \"" +
                    refusing.url("/robot/send?access_token=it-token") + "\"\n    secret: \"" + kRobotSecret +
                    "\"\n";
  const RunResult all = runLecter(settings, {"notify-test"});
  EXPECT_EQ(all.exit_code, 1) << all.err;
  EXPECT_EQ(all.out,
            "hook (webhook): delivered (HTTP 200)\n"
            "ding (dingtalk): NOT delivered (HTTP 200, errcode 310000: keywords not in content)\n");
  ASSERT_EQ(good.requests().size(), 1U);
  EXPECT_EQ(json::parse(good.requests()[0].body)["alerts"][0]["labels"]["alertname"], "LecterTest");
  ASSERT_EQ(refusing.requests().size(), 1U);
  const std::string text = json::parse(refusing.requests()[0].body)["markdown"]["text"];
  EXPECT_NE(text.find("receiver ding reaches this chat"), std::string::npos) << text;

  const RunResult one = runLecter(settings, {"notify-test", "--receiver", "hook"});
  EXPECT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out, "hook (webhook): delivered (HTTP 200)\n");
  EXPECT_EQ(refusing.requests().size(), 1U);

  const RunResult none = runLecter(settings, {"notify-test", "--receiver", "nope"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("has no receiver named nope in notify.receivers"), std::string::npos) << none.err;
}

/// Issue 13, acceptance 4: lecter stops after it saw a target go down and before the group's first
/// message; the next run, which restores the state from Redis, tells it once, and a third run does not
/// tell it again.
TEST_F(LecterTest, ADownSeenBeforeARestartIsToldOnceAfterIt) {
  RobotServer robot;
  const auto ips = openTargets(2);
  auto settings = settingsFor(ips);
  settings.notify = notifyYaml("webhook", robot.url("/hook"), "", "2s");
  Subprocess& first = startLecter(settings);
  ASSERT_TRUE(eventuallyReady(ips, seconds(10)));
  network_->closeListener(ips[1], kPort);
  const RedisReader redis = redisReader();
  ASSERT_TRUE(eventually(
      [&] {
        const auto target = redis.hash(targetHashKey(ips[1]));
        return target && target->count("state") == 1 && target->at("state") == "unhealthy";
      },
      seconds(10)));
  first.signal(SIGTERM);
  ASSERT_EQ(first.wait(seconds(5)), std::optional<int>(0));
  ASSERT_TRUE(robot.requests().empty()) << "stopped within group_wait: nothing was sent before the restart";

  Subprocess& second = startLecterOn(lastConfigPath());
  ASSERT_TRUE(robot.waitForRequests(1, seconds(10))) << "the down was forgotten over the restart";
  EXPECT_EQ(json::parse(robot.requests().front().body)["alerts"][0]["labels"]["target"], "node-02");
  // Redis shows what was told; after that, a few group_intervals bring nothing new.
  ASSERT_TRUE(eventually(
      [&] {
        return redis.hash(std::string(kKeyPrefix) + ":notified")
                   .value_or(std::map<std::string, std::string>{})
                   .size() == 1;
      },
      seconds(5)));
  EXPECT_FALSE(robot.waitForRequests(2, seconds(3))) << "told twice";
  second.signal(SIGTERM);
  ASSERT_EQ(second.wait(seconds(5)), std::optional<int>(0));

  startLecterOn(lastConfigPath());
  EXPECT_FALSE(robot.waitForRequests(2, seconds(4)))
      << "told again after the second restart (group_wait is 2 s)";
  EXPECT_EQ(robot.requests().size(), 1U);
}

/// The number of cycles lecter completes in `run` with `notify` (none: no receivers), from /metrics.
double cyclesIn(LecterTest& test, LecterSettings settings, const std::string& notify, milliseconds run,
                const std::function<Subprocess&(const LecterSettings&)>& start, std::uint16_t port) {
  settings.notify = notify;
  Subprocess& lecter = start(settings);
  const auto began = std::chrono::steady_clock::now();
  std::optional<double> at_start;
  EXPECT_TRUE(eventually(
      [&] {
        at_start = sampleValue(httpGet(port, "/metrics").body, "lecter_cycle_duration_seconds_count", {});
        return at_start.has_value();
      },
      seconds(10)));
  std::this_thread::sleep_until(began + run);  // the fixed run: what is measured is what fits in it
  const auto at_end = sampleValue(httpGet(port, "/metrics").body, "lecter_cycle_duration_seconds_count", {});
  lecter.signal(SIGTERM);
  EXPECT_EQ(lecter.wait(seconds(5)), std::optional<int>(0)) << "a hanging receiver holds up the stop";
  (void)test;
  return at_end.value_or(0) - at_start.value_or(0);
}

/// Issue 13, acceptance 3: a receiver that never answers holds up no cycle.
TEST_F(LecterTest, AReceiverThatHangsCostsNoCycle) {
  RobotServer robot;
  robot.hang(true);
  const auto ips = openTargets(2);
  network_->closeListener(ips[1], kPort);  // down from the start: a message goes out at once, and hangs
  const auto start = [this](const LecterSettings& s) -> Subprocess& { return startLecter(s); };
  LecterSettings settings = listeningSettings(ips);
  settings.interval_ms = 100;
  const std::string hanging = notifyYaml("webhook", robot.url("/hook"), "", "0s");
  const double with_hang = cyclesIn(*this, settings, hanging, seconds(4), start, listen_port_);
  EXPECT_GE(robot.requests().size(), 1U) << "the receiver was never tried";
  settings = listeningSettings(ips);
  settings.interval_ms = 100;
  const double without = cyclesIn(*this, settings, "", seconds(4), start, listen_port_);
  RecordProperty("cycles_with_hanging_receiver", std::to_string(with_hang));
  RecordProperty("cycles_without_receivers", std::to_string(without));
  EXPECT_GT(without, 20);
  // The same count, give or take the one cycle that where a run's start falls decides.
  EXPECT_NEAR(with_hang, without, 1.0);
}

INSTANTIATE_TEST_SUITE_P(EveryReceiverType, NotifyTest,
                         ::testing::Values("dingtalk", "wecom", "feishu", "slack", "webhook"),
                         [](const ::testing::TestParamInfo<std::string>& param) { return param.param; });

}  // namespace
}  // namespace lecter::testing
