#include "wecom_receiver.h"

#include "robot_answer.h"

namespace lecter {

// 20 a minute: 10 at once, then one every 6 s, so no minute ever holds more than 20.
ReceiverPace WeComReceiver::pace() const { return {10.0 / 60.0, 10}; }

SendVerdict WeComReceiver::readAnswer(const HttpResponse& response) const {
  return readRobotAnswer(response, {{"errcode", "errmsg"}});
}

// The whole content, title included, must stay within 4,096 bytes.
std::size_t WeComReceiver::maxTextBytes() const { return 3800; }

std::string WeComReceiver::heading(const std::string& text) const { return "### " + text; }

std::string WeComReceiver::line(const MessageLine& line) const {
  return "**" + line.lead + "** " + line.text;
}

HttpRequest WeComReceiver::message(const std::string& title, const std::vector<std::string>& lines,
                                   const std::string& footer, long long /*now_ms*/) const {
  std::string content = "## " + title;
  for (const auto& item : lines) content += "\n" + item;
  content += "\n<font color=\"comment\">" + footer + "</font>";
  return jsonPost(config().url, {{"msgtype", "markdown"}, {"markdown", {{"content", content}}}});
}

}  // namespace lecter
