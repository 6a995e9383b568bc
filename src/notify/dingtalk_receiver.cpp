#include "dingtalk_receiver.h"

#include <nlohmann/json.hpp>

#include "lecter/base/query_escape.h"
#include "message_signature.h"
#include "robot_answer.h"

namespace lecter {

// 20 a minute: 10 at once, then one every 6 s, so no minute ever holds more than 20.
ReceiverPace DingTalkReceiver::pace() const { return {10.0 / 60.0, 10}; }

SendVerdict DingTalkReceiver::readAnswer(const HttpResponse& response) const {
  return readRobotAnswer(response, {{"errcode", "errmsg"}});
}

std::string DingTalkReceiver::signedUrl(long long timestamp_ms) const {
  const std::string& secret = config().secret;
  if (secret.empty()) return config().url;
  const std::string timestamp = std::to_string(timestamp_ms);
  const std::string sign = hmacSha256Base64(secret, timestamp + "\n" + secret);
  std::string url = config().url;
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += "timestamp=" + timestamp + "&sign=" + queryEscaped(sign);
  return url;
}

// The robot takes up to 20,000 bytes; the rest is room for the JSON around it.
std::size_t DingTalkReceiver::maxTextBytes() const { return 18000; }

std::string DingTalkReceiver::heading(const std::string& text) const { return "#### " + text; }

std::string DingTalkReceiver::line(const MessageLine& line) const {
  return "- **" + line.lead + "** " + line.text;
}

HttpRequest DingTalkReceiver::message(const std::string& title, const std::vector<std::string>& lines,
                                      const std::string& footer, long long now_ms) const {
  std::string text;
  for (const auto& item : lines) text += item + "\n";
  text += "\n> " + footer;
  const nlohmann::json body = {{"msgtype", "markdown"}, {"markdown", {{"title", title}, {"text", text}}}};
  return jsonPost(signedUrl(now_ms), body);
}

}  // namespace lecter
