#include "slack_receiver.h"

#include "lecter/base/one_line.h"
#include "lecter/notify/message_text.h"

namespace lecter {
namespace {

/// Slack's mrkdwn reads &, < and > as markup: they are escaped, as its documentation asks.
std::string escaped(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

constexpr std::size_t kMaxHeaderChars = 150;

}  // namespace

ReceiverPace SlackReceiver::pace() const { return {1.0, 1}; }

SendVerdict SlackReceiver::readAnswer(const HttpResponse& response) const {
  SendVerdict verdict = httpVerdict(response);
  if (response.transportFailed()) return verdict;
  verdict.delivered = response.status == 200 && response.body == "ok";
  if (!response.body.empty()) verdict.detail += ": " + oneLine(cutToBytes(response.body, 200));
  return verdict;
}

// A section's text holds at most 3,000 characters; the footer goes in a block of its own.
std::size_t SlackReceiver::maxTextBytes() const { return 2900; }

// Appended, not "*" + escaped(…): GCC 12 at -O3 warns of an overlap there that cannot happen.
std::string SlackReceiver::heading(const std::string& text) const {
  std::string out = "*";
  out += escaped(text);
  out += '*';
  return out;
}

std::string SlackReceiver::line(const MessageLine& line) const {
  std::string out = "• *";
  out += escaped(line.lead);
  out += "* ";
  out += escaped(line.text);
  return out;
}

HttpRequest SlackReceiver::message(const std::string& title, const std::vector<std::string>& lines,
                                   const std::string& footer, long long /*now_ms*/) const {
  std::string section;
  for (const auto& item : lines) section += (section.empty() ? "" : "\n") + item;
  // Characters, not bytes, but a header cut at 150 bytes is never over.
  const std::string header = cutToBytes(title, kMaxHeaderChars);
  nlohmann::json blocks = nlohmann::json::array();
  blocks.push_back({{"type", "header"}, {"text", {{"type", "plain_text"}, {"text", header}}}});
  blocks.push_back({{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", section}}}});
  nlohmann::json context_text = {{"type", "mrkdwn"}, {"text", escaped(footer)}};
  blocks.push_back({{"type", "context"}, {"elements", nlohmann::json::array({std::move(context_text)})}});
  return jsonPost(config().url, {{"text", title}, {"blocks", std::move(blocks)}});
}

}  // namespace lecter
