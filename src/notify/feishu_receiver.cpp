#include "feishu_receiver.h"

#include "message_signature.h"
#include "robot_answer.h"

namespace lecter {

// 5 a second and 100 a minute: 3 at once, then 1.5 a second (4.5 in any second, 93 in any minute).
ReceiverPace FeishuReceiver::pace() const { return {1.5, 3}; }

SendVerdict FeishuReceiver::readAnswer(const HttpResponse& response) const {
  return readRobotAnswer(response, {{"code", "msg"}, {"StatusCode", "StatusMessage"}});
}

std::string FeishuReceiver::sign(long long timestamp_s) const {
  return hmacSha256Base64(std::to_string(timestamp_s) + "\n" + config().secret, "");
}

// A request body may hold 20 KB, and every paragraph is wrapped in JSON.
std::size_t FeishuReceiver::maxTextBytes() const { return 14000; }

std::string FeishuReceiver::heading(const std::string& text) const { return "■ " + text; }

std::string FeishuReceiver::line(const MessageLine& line) const { return line.lead + ": " + line.text; }

HttpRequest FeishuReceiver::message(const std::string& title, const std::vector<std::string>& lines,
                                    const std::string& footer, long long now_ms) const {
  // A post's content is a list of paragraphs, each a list of elements: here one text element each.
  nlohmann::json paragraphs = nlohmann::json::array();
  const auto add = [&paragraphs](const std::string& text) {
    paragraphs.push_back(nlohmann::json::array({nlohmann::json::object({{"tag", "text"}, {"text", text}})}));
  };
  for (const auto& item : lines) add(item);
  add(footer);
  nlohmann::json body = {
      {"msg_type", "post"},
      {"content", {{"post", {{"zh_cn", {{"title", title}, {"content", std::move(paragraphs)}}}}}}}};
  if (!config().secret.empty()) {
    const long long timestamp_s = now_ms / 1000;
    body["timestamp"] = std::to_string(timestamp_s);
    body["sign"] = sign(timestamp_s);
  }
  return jsonPost(config().url, body);
}

}  // namespace lecter
