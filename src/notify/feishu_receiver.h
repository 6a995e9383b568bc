#pragma once
/// Feishu/Lark custom bot: `msg_type: post`, a title and one paragraph per line. With a secret the body
/// carries `timestamp` (seconds) and `sign`: Base64 of HMAC-SHA256 keyed by "<timestamp>\n<secret>"
/// over an empty message. Failures come as HTTP 200 with `code` (19021: signature refused, 11232:
/// sending too fast). At most 5 messages a second and 100 a minute per bot.

#include "lecter/notify/receiver.h"

namespace lecter {

class FeishuReceiver final : public ChatReceiver {
 public:
  using ChatReceiver::ChatReceiver;
  [[nodiscard]] ReceiverPace pace() const override;
  [[nodiscard]] SendVerdict readAnswer(const HttpResponse& response) const override;

  /// The sign for `timestamp_s` (seconds) with this receiver's secret.
  [[nodiscard]] std::string sign(long long timestamp_s) const;

 protected:
  [[nodiscard]] std::size_t maxTextBytes() const override;
  [[nodiscard]] std::string heading(const std::string& text) const override;
  [[nodiscard]] std::string line(const MessageLine& line) const override;
  [[nodiscard]] HttpRequest message(const std::string& title, const std::vector<std::string>& lines,
                                    const std::string& footer, long long now_ms) const override;
};

}  // namespace lecter
