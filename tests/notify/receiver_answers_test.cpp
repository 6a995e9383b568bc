// How each receiver's answer reads: robots say most failures in a JSON code under HTTP 200.

#include <gtest/gtest.h>

#include "lecter/notify/receiver.h"
#include "notify_fixtures.h"

namespace lecter::testing {
namespace {

HttpResponse answer(long status, std::string body, HttpHeaders headers = {}) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

SendVerdict read(ReceiverType type, const HttpResponse& response) {
  return makeReceiver(receiverConfig(type, "https://robot.example/send"))->readAnswer(response);
}

TEST(ReceiverAnswers, DingTalkErrcodeZeroIsDelivered) {
  const SendVerdict verdict = read(ReceiverType::DingTalk, answer(200, R"({"errcode":0,"errmsg":"ok"})"));
  EXPECT_TRUE(verdict.delivered);
  EXPECT_EQ(verdict.detail, "HTTP 200, errcode 0");
}

TEST(ReceiverAnswers, DingTalkTooFastUnderHttp200IsAFailure) {
  const SendVerdict verdict =
      read(ReceiverType::DingTalk,
           answer(200, R"({"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"})"));
  EXPECT_FALSE(verdict.delivered);
  EXPECT_EQ(verdict.detail, "HTTP 200, errcode 130101: send too fast, exceed 20 times per minute");
}

TEST(ReceiverAnswers, DingTalkKeywordRefusalIsAFailure) {
  EXPECT_FALSE(
      read(ReceiverType::DingTalk, answer(200, R"({"errcode":310000,"errmsg":"keywords not in content"})"))
          .delivered);
}

TEST(ReceiverAnswers, AnAnswerWithoutACodeIsAFailure) {
  const SendVerdict verdict = read(ReceiverType::WeCom, answer(200, "<html>proxy</html>"));
  EXPECT_FALSE(verdict.delivered);
  EXPECT_EQ(verdict.detail, "HTTP 200, an answer without a result code: <html>proxy</html>");
}

TEST(ReceiverAnswers, WeComFrequencyLimitIsAFailure) {
  EXPECT_FALSE(read(ReceiverType::WeCom, answer(200, R"({"errcode":45009,"errmsg":"api freq out of limit"})"))
                   .delivered);
  EXPECT_TRUE(read(ReceiverType::WeCom, answer(200, R"({"errcode":0,"errmsg":"ok"})")).delivered);
}

TEST(ReceiverAnswers, FeishuReadsCodeAndTheOlderStatusCode) {
  EXPECT_TRUE(read(ReceiverType::Feishu, answer(200, R"({"code":0,"msg":"success","data":{}})")).delivered);
  EXPECT_TRUE(
      read(ReceiverType::Feishu, answer(200, R"({"StatusCode":0,"StatusMessage":"success"})")).delivered);
  const SendVerdict refused =
      read(ReceiverType::Feishu, answer(200, R"({"code":19021,"msg":"sign match fail"})"));
  EXPECT_FALSE(refused.delivered);
  EXPECT_EQ(refused.detail, "HTTP 200, code 19021: sign match fail");
}

TEST(ReceiverAnswers, SlackOkBodyIsDeliveredAndA429WaitsForRetryAfter) {
  EXPECT_TRUE(read(ReceiverType::Slack, answer(200, "ok")).delivered);
  EXPECT_FALSE(read(ReceiverType::Slack, answer(400, "invalid_payload")).delivered);
  const SendVerdict limited = read(ReceiverType::Slack, answer(429, "rate_limited", {{"retry-after", "30"}}));
  EXPECT_FALSE(limited.delivered);
  EXPECT_EQ(limited.retry_after, std::chrono::seconds(30));
}

TEST(ReceiverAnswers, WebhookTakesAny2xx) {
  EXPECT_TRUE(read(ReceiverType::Webhook, answer(202, "")).delivered);
  EXPECT_FALSE(read(ReceiverType::Webhook, answer(500, "")).delivered);
}

TEST(ReceiverAnswers, NoAnswerIsAFailureThatSaysWhy) {
  HttpResponse none;
  none.error = "Connection refused";
  const SendVerdict verdict = read(ReceiverType::DingTalk, none);
  EXPECT_FALSE(verdict.delivered);
  EXPECT_EQ(verdict.detail, "Connection refused");
}

TEST(ReceiverMessageSize, WeComMessagesStayWithin4096BytesAndNameEveryTarget) {
  Notification n = redisNotification();
  n.firing.clear();
  n.resolved.clear();
  for (int i = 1; i <= 120; ++i) n.firing.push_back(targetDown(i));
  const auto receiver = makeReceiver(receiverConfig(ReceiverType::WeCom, "https://qyapi.weixin.qq.com/x"));
  const std::vector<HttpRequest> requests = receiver->requests({n}, MessageContext{kNowMs, "lecter-0", ""});
  ASSERT_GT(requests.size(), 1U);
  std::string all;
  for (const HttpRequest& request : requests) {
    const std::string content = nlohmann::json::parse(request.body)["markdown"]["content"];
    EXPECT_LE(content.size(), 4096U);
    all += content;
  }
  for (int i = 1; i <= 120; ++i) {
    const std::string name = (i < 10 ? "node-0" : "node-") + std::to_string(i) + " ";
    EXPECT_NE(all.find(name), std::string::npos) << name;
  }
  EXPECT_NE(all.find("(1/" + std::to_string(requests.size()) + ")"), std::string::npos);
}

}  // namespace
}  // namespace lecter::testing
