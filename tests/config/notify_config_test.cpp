// notify: receivers and the group timings, read and refused like every other key.

#include <gtest/gtest.h>

#include <string>

#include "config_texts.h"
#include "lecter/config/config_loader.h"
#include "support/common/temp_dir.h"

namespace lecter {
namespace {

using testing::kMinimalConfig;
using testing::loadText;
using testing::refusal;

/// kMinimalConfig with `notify` (its lines, indented under notify:) appended from line 29.
std::string withNotify(const std::string& notify) {
  return std::string(kMinimalConfig) + "notify:\n" + notify;
}

const std::string kDingTalk =
    "  receivers:\n"                                                           // 30
    "  - name: ops\n"                                                          // 31
    "    type: dingtalk\n"                                                     // 32
    "    url: https://oapi.dingtalk.com/robot/send?access_token=tok-123456\n"  // 33
    "    secret: SEC-abcdef\n";                                                // 34

TEST(NotifyConfig, WithoutNotifyThereAreNoReceiversAndAlertmanagersTimings) {
  const Config c = loadText(std::string(kMinimalConfig));
  EXPECT_TRUE(c.notify.receivers.empty());
  EXPECT_EQ(c.notify.group_wait, std::chrono::seconds(30));
  EXPECT_EQ(c.notify.group_interval, std::chrono::minutes(5));
  EXPECT_EQ(c.notify.repeat_interval, std::chrono::hours(4));
  EXPECT_EQ(c.notify.write_failure_after, std::chrono::minutes(1));
}

TEST(NotifyConfig, AReceiverIsRead) {
  const Config c =
      loadText(withNotify(kDingTalk + "    services: [db]\n    events: [target_down, service_down]\n"));
  ASSERT_EQ(c.notify.receivers.size(), 1U);
  const ReceiverConfig& r = c.notify.receivers[0];
  EXPECT_EQ(r.name, "ops");
  EXPECT_EQ(r.type, ReceiverType::DingTalk);
  EXPECT_EQ(r.url, "https://oapi.dingtalk.com/robot/send?access_token=tok-123456");
  EXPECT_EQ(r.secret, "SEC-abcdef");
  EXPECT_EQ(r.services, std::vector<std::string>{"db"});
  EXPECT_EQ(r.events, (std::vector<AlertEvent>{AlertEvent::TargetDown, AlertEvent::ServiceDown}));
}

TEST(NotifyConfig, DurationsAreReadAsAlertmanagerWritesThemOrAsMilliseconds) {
  const Config c =
      loadText(withNotify("  group_wait: 10s\n  group_interval: 1m30s\n  repeat_interval: 12h\n"
                          "  write_failure_after: 500\n"));
  EXPECT_EQ(c.notify.group_wait, std::chrono::seconds(10));
  EXPECT_EQ(c.notify.group_interval, std::chrono::seconds(90));
  EXPECT_EQ(c.notify.repeat_interval, std::chrono::hours(12));
  EXPECT_EQ(c.notify.write_failure_after, std::chrono::milliseconds(500));
}

TEST(NotifyConfig, ABadDurationIsRefusedWithWhere) {
  EXPECT_EQ(refusal(withNotify("  group_wait: 30 seconds\n")),
            "config.yaml:30:15: notify.group_wait: must be a duration such as 30s, 5m, 4h or 1h30m (or whole "
            "milliseconds) from 0s to 168h, got \"30 seconds\"");
  EXPECT_EQ(
      refusal(withNotify("  group_interval: 5m\n  repeat_interval: 1m\n")),
      "config.yaml:31:20: notify.repeat_interval: must be at least notify.group_interval (5m): a group is "
      "looked at only once per group_interval, got \"1m\"");
}

TEST(NotifyConfig, AGroupIntervalLongerThanTheDefaultRepeatIntervalIsRefused) {
  EXPECT_EQ(refusal(withNotify("  group_interval: 5h\n")),
            "config.yaml:30:19: notify.group_interval: must be at most notify.repeat_interval (4h when not "
            "given): a firing group is told again after repeat_interval; set it too, got \"5h\"");
  EXPECT_EQ(loadText(withNotify("  group_interval: 5h\n  repeat_interval: 6h\n")).notify.group_interval,
            std::chrono::hours(5));
}

TEST(NotifyConfig, AnUnknownTypeNamesTheTypes) {
  EXPECT_EQ(
      refusal(withNotify("  receivers:\n  - name: ops\n    type: teams\n    url: https://x.example/\n")),
      "config.yaml:32:11: notify.receivers[0].type: must be dingtalk, wecom, feishu, slack or webhook, got "
      "\"teams\"");
}

TEST(NotifyConfig, TheUrlIsRequiredAndNeverRepeatedInAnError) {
  EXPECT_EQ(refusal(withNotify("  receivers:\n  - name: ops\n    type: slack\n")),
            "config.yaml:31:5: notify.receivers[0]: needs url (or url_file, a file holding it)");
  const std::string bad = refusal(
      withNotify("  receivers:\n  - name: ops\n    type: slack\n    url: hooks.slack.com/T/secret-part\n"));
  EXPECT_NE(bad.find("config.yaml:33:10: notify.receivers[0].url: must be an http:// or https:// URL"),
            std::string::npos)
      << bad;
  EXPECT_EQ(bad.find("secret-part"), std::string::npos) << bad;
}

TEST(NotifyConfig, OnlyDingTalkAndFeishuTakeASecret) {
  EXPECT_EQ(
      refusal(withNotify("  receivers:\n  - name: ops\n    type: slack\n    url: https://hooks.slack.com/x\n"
                         "    secret: abcd\n")),
      "config.yaml:34:13: notify.receivers[0].secret: only dingtalk and feishu robots sign their messages "
      "with a secret; slack takes none");
}

TEST(NotifyConfig, AServiceThatIsNotConfiguredIsRefusedWithASuggestion) {
  EXPECT_EQ(refusal(withNotify(kDingTalk + "    services: [dbb]\n")),
            "config.yaml:35:16: notify.receivers[0].services[0]: names no service of service_info, got "
            "\"dbb\" (did "
            "you mean db?)");
}

TEST(NotifyConfig, AnUnknownEventNamesTheEvents) {
  EXPECT_EQ(refusal(withNotify(kDingTalk + "    events: [down]\n")),
            "config.yaml:35:14: notify.receivers[0].events[0]: must be target_down, service_down, "
            "writes_failing or "
            "partition_guard, got \"down\"");
}

TEST(NotifyConfig, AReceiverNameGivenTwiceIsRefused) {
  EXPECT_EQ(
      refusal(withNotify(kDingTalk + "  - name: ops\n    type: webhook\n    url: http://127.0.0.1:9/x\n")),
      "config.yaml:35:5: notify.receivers[1]: receiver name ops is given twice (first at line 31)");
}

TEST(NotifyConfig, UrlAndSecretComeFromFilesTrimmed) {
  const testing::TempDir dir;
  const std::string url = dir.write("url", "https://open.feishu.cn/open-apis/bot/v2/hook/abc\n");
  const std::string secret = dir.write("secret", "fs-secret\n");
  const Config c =
      loadText(withNotify("  receivers:\n  - name: lark\n    type: feishu\n    url_file: " + url +
                          "\n    secret_file: " + secret + "\n"));
  EXPECT_EQ(c.notify.receivers[0].url, "https://open.feishu.cn/open-apis/bot/v2/hook/abc");
  EXPECT_EQ(c.notify.receivers[0].secret, "fs-secret");
}

TEST(NotifyConfig, AMissingSecretFileIsAnErrorAtLoad) {
  EXPECT_EQ(
      refusal(withNotify("  receivers:\n  - name: lark\n    type: feishu\n    url: https://open.feishu.cn/x\n"
                         "    secret_file: /nonexistent/lecter-secret\n")),
      "config.yaml:34:18: notify.receivers[0].secret_file: /nonexistent/lecter-secret does not exist");
}

TEST(NotifyConfig, UrlAndUrlFileTogetherAreRefused) {
  EXPECT_EQ(
      refusal(withNotify("  receivers:\n  - name: ops\n    type: slack\n    url: https://hooks.slack.com/x\n"
                         "    url_file: /tmp/x\n")),
      "config.yaml:34:15: notify.receivers[0].url_file: give url or url_file, not both");
}

}  // namespace
}  // namespace lecter
