#pragma once
/// DingTalk custom robot: `msgtype: markdown` with `title` and `text`. With a secret the URL is
/// signed: `&timestamp=<ms>&sign=<urlencoded Base64 HMAC-SHA256 of "<ms>\n<secret>" keyed by the
/// secret>`. Failures come as HTTP 200 with `errcode` (310000: keyword, signature or timestamp refused;
/// 130101: sending too fast). At most 20 messages a minute per robot.

#include "lecter/notify/receiver.h"

namespace lecter {

class DingTalkReceiver final : public ChatReceiver {
 public:
  using ChatReceiver::ChatReceiver;
  [[nodiscard]] ReceiverPace pace() const override;
  [[nodiscard]] SendVerdict readAnswer(const HttpResponse& response) const override;

  /// The URL with the signature for `timestamp_ms` (unchanged without a secret).
  [[nodiscard]] std::string signedUrl(long long timestamp_ms) const;

 protected:
  [[nodiscard]] std::size_t maxTextBytes() const override;
  [[nodiscard]] std::string heading(const std::string& text) const override;
  [[nodiscard]] std::string line(const MessageLine& line) const override;
  [[nodiscard]] HttpRequest message(const std::string& title, const std::vector<std::string>& lines,
                                    const std::string& footer, long long now_ms) const override;
};

}  // namespace lecter
