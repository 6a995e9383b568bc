// Each receiver's documented format, for a group with two targets down and one back.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "lecter/notify/receiver.h"
#include "notify_fixtures.h"
#include "signature_check.h"

namespace lecter::testing {
namespace {

using nlohmann::json;

const MessageContext kContext{kNowMs, "lecter-0", ""};

const std::string kTitle = "lecter: redis (default/redis-ext): 2 down, 1 back";
const std::string kDown1 = "timeout: no answer within 300 ms, since 2027-01-15 07:58:55 UTC (1m5s)";
const std::string kBack3 = "back after 5m12s down (from 2027-01-15 07:53:20 UTC)";
const std::string kFooter = "lecter on lecter-0 at 2027-01-15 08:00:00 UTC";

HttpRequest onlyRequest(const Receiver& receiver) {
  const std::vector<HttpRequest> requests = receiver.requests({redisNotification()}, kContext);
  EXPECT_EQ(requests.size(), 1U);
  return requests.empty() ? HttpRequest{} : requests.front();
}

TEST(ReceiverFormats, DingTalkSendsSignedMarkdownWithTitleAndText) {
  const auto receiver = makeReceiver(receiverConfig(
      ReceiverType::DingTalk, "https://oapi.dingtalk.com/robot/send?access_token=abc123", "SECabc"));
  const HttpRequest request = onlyRequest(*receiver);
  EXPECT_EQ(request.method, "POST");
  const std::string timestamp = std::to_string(kNowMs);
  EXPECT_EQ(request.path, "https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=" + timestamp +
                              "&sign=" + expectedDingTalkSign(timestamp, "SECabc"));
  const json expected = {{"msgtype", "markdown"},
                         {"markdown",
                          {{"title", kTitle},
                           {"text",
                            "#### redis (default/redis-ext): 2 down, 1 back\n"
                            "- **DOWN node-01 198.18.0.1:6379** " +
                                kDown1 + "\n" + "- **DOWN node-02 198.18.0.2:6379** " + kDown1 + "\n" +
                                "- **UP node-03 198.18.0.3:6379** " + kBack3 + "\n" + "\n> " + kFooter}}}};
  EXPECT_EQ(json::parse(request.body), expected);
}

TEST(ReceiverFormats, DingTalkWithoutASecretLeavesTheUrlAlone) {
  const auto receiver = makeReceiver(
      receiverConfig(ReceiverType::DingTalk, "https://oapi.dingtalk.com/robot/send?access_token=abc"));
  EXPECT_EQ(onlyRequest(*receiver).path, "https://oapi.dingtalk.com/robot/send?access_token=abc");
}

TEST(ReceiverFormats, WeComSendsMarkdownContent) {
  const auto receiver = makeReceiver(
      receiverConfig(ReceiverType::WeCom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1"));
  const HttpRequest request = onlyRequest(*receiver);
  EXPECT_EQ(request.path, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1");
  const json expected = {
      {"msgtype", "markdown"},
      {"markdown",
       {{"content", "## " + kTitle + "\n" + "### redis (default/redis-ext): 2 down, 1 back\n" +
                        "**DOWN node-01 198.18.0.1:6379** " + kDown1 + "\n" +
                        "**DOWN node-02 198.18.0.2:6379** " + kDown1 + "\n" +
                        "**UP node-03 198.18.0.3:6379** " + kBack3 + "\n" + "<font color=\"comment\">" +
                        kFooter + "</font>"}}}};
  EXPECT_EQ(json::parse(request.body), expected);
}

TEST(ReceiverFormats, FeishuSendsASignedPostWithAParagraphPerLine) {
  const auto receiver = makeReceiver(
      receiverConfig(ReceiverType::Feishu, "https://open.feishu.cn/open-apis/bot/v2/hook/h1", "fs-secret"));
  const HttpRequest request = onlyRequest(*receiver);
  const std::string timestamp = std::to_string(kNowMs / 1000);
  const auto paragraph = [](const std::string& text) {
    return json::array({{{"tag", "text"}, {"text", text}}});
  };
  const json expected = {
      {"msg_type", "post"},
      {"timestamp", timestamp},
      {"sign", expectedFeishuSign(timestamp, "fs-secret")},
      {"content",
       {{"post",
         {{"zh_cn",
           {{"title", kTitle},
            {"content",
             json::array({paragraph("■ redis (default/redis-ext): 2 down, 1 back"),
                          paragraph("DOWN node-01 198.18.0.1:6379: " + kDown1),
                          paragraph("DOWN node-02 198.18.0.2:6379: " + kDown1),
                          paragraph("UP node-03 198.18.0.3:6379: " + kBack3), paragraph(kFooter)})}}}}}}}};
  EXPECT_EQ(json::parse(request.body), expected);
}

TEST(ReceiverFormats, SlackSendsTextAndBlocks) {
  const auto receiver =
      makeReceiver(receiverConfig(ReceiverType::Slack, "https://hooks.slack.com/services/T/B/X"));
  const HttpRequest request = onlyRequest(*receiver);
  const json expected = {
      {"text", kTitle},
      {"blocks", json::array({{{"type", "header"}, {"text", {{"type", "plain_text"}, {"text", kTitle}}}},
                              {{"type", "section"},
                               {"text",
                                {{"type", "mrkdwn"},
                                 {"text",
                                  "*redis (default/redis-ext): 2 down, 1 back*\n"
                                  "• *DOWN node-01 198.18.0.1:6379* " +
                                      kDown1 + "\n" + "• *DOWN node-02 198.18.0.2:6379* " + kDown1 + "\n" +
                                      "• *UP node-03 198.18.0.3:6379* " + kBack3}}}},
                              {{"type", "context"},
                               {"elements", json::array({{{"type", "mrkdwn"}, {"text", kFooter}}})}}})}};
  EXPECT_EQ(json::parse(request.body), expected);
}

TEST(ReceiverFormats, SlackEscapesItsMarkupCharacters) {
  Notification n = redisNotification();
  n.firing.front().detail = "<b>&";
  const auto receiver =
      makeReceiver(receiverConfig(ReceiverType::Slack, "https://hooks.slack.com/services/T/B/X"));
  const std::string body = receiver->requests({n}, kContext).front().body;
  EXPECT_NE(body.find("&lt;b&gt;&amp;"), std::string::npos) << body;
}

TEST(ReceiverFormats, WebhookSendsAlertmanagersVersion4Payload) {
  const auto receiver = makeReceiver(receiverConfig(ReceiverType::Webhook, "http://127.0.0.1:9093/hook"));
  const MessageContext context{kNowMs, "lecter-0", "https://lecter.example/status"};
  const std::vector<HttpRequest> requests = receiver->requests({redisNotification()}, context);
  ASSERT_EQ(requests.size(), 1U);
  const json payload = json::parse(requests.front().body);
  const json labels1 = {{"alertname", "LecterTargetDown"}, {"severity", "warning"}, {"service", "redis"},
                        {"namespace", "default"},          {"name", "redis-ext"},   {"target", "node-01"},
                        {"address", "198.18.0.1:6379"}};
  EXPECT_EQ(payload["version"], "4");
  EXPECT_EQ(payload["groupKey"], "{}:{service=\"redis\"}");
  EXPECT_EQ(payload["status"], "firing");
  EXPECT_EQ(payload["receiver"], "ops");
  EXPECT_EQ(payload["groupLabels"], json({{"service", "redis"}}));
  EXPECT_EQ(payload["commonLabels"], json({{"alertname", "LecterTargetDown"},
                                           {"severity", "warning"},
                                           {"service", "redis"},
                                           {"namespace", "default"},
                                           {"name", "redis-ext"}}));
  EXPECT_EQ(payload["commonAnnotations"],
            json({{"outcome", "timeout"}, {"detail", "no answer within 300 ms"}}));
  EXPECT_EQ(payload["externalURL"], "https://lecter.example/status");
  ASSERT_EQ(payload["alerts"].size(), 3U);
  const json& first = payload["alerts"][0];
  EXPECT_EQ(first["status"], "firing");
  EXPECT_EQ(first["labels"], labels1);
  EXPECT_EQ(first["annotations"]["summary"], "DOWN node-01 198.18.0.1:6379");
  EXPECT_EQ(first["annotations"]["description"], kDown1);
  EXPECT_EQ(first["startsAt"], "2027-01-15T07:58:55.000Z");
  EXPECT_EQ(first["endsAt"], "0001-01-01T00:00:00Z");
  EXPECT_EQ(first["generatorURL"], "https://lecter.example/status");
  EXPECT_EQ(first["fingerprint"], fingerprint(labels1.get<std::map<std::string, std::string>>()));
  const json& back = payload["alerts"][2];
  EXPECT_EQ(back["status"], "resolved");
  EXPECT_EQ(back["labels"]["target"], "node-03");
  EXPECT_EQ(back["startsAt"], "2027-01-15T07:53:20.000Z");
  EXPECT_EQ(back["endsAt"], "2027-01-15T07:58:32.000Z");
}

TEST(ReceiverFormats, WebhookSaysResolvedWhenNothingFires) {
  Notification n = redisNotification();
  n.firing.clear();
  const auto receiver = makeReceiver(receiverConfig(ReceiverType::Webhook, "http://127.0.0.1:9093/hook"));
  EXPECT_EQ(json::parse(receiver->requests({n}, kContext).front().body)["status"], "resolved");
}

TEST(AlertFingerprint, IsAlertmanagersFnv1aOverSortedLabels) {
  // model.LabelSet{"alertname": "LecterTargetDown"}.Fingerprint(), worked out by hand: FNV-1a 64 over
  // "alertname" 0xff "LecterTargetDown" 0xff.
  std::uint64_t hash = 14695981039346656037ULL;
  for (const std::string& part : {std::string("alertname"), std::string("LecterTargetDown")}) {
    for (const char c : part + "\xff") {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ULL;
    }
  }
  char expected[17];
  std::snprintf(expected, sizeof expected, "%016llx", static_cast<unsigned long long>(hash));
  EXPECT_EQ(fingerprint({{"alertname", "LecterTargetDown"}}), expected);
}

}  // namespace
}  // namespace lecter::testing
