#pragma once
/// WeCom (WeChat Work) group robot: `msgtype: markdown` with `content` of at most 4,096 bytes (longer
/// messages go in several parts). Failures come as HTTP 200 with `errcode` (45009: sending too fast).
/// At most 20 messages a minute per robot.

#include "lecter/notify/receiver.h"

namespace lecter {

class WeComReceiver final : public ChatReceiver {
 public:
  using ChatReceiver::ChatReceiver;
  [[nodiscard]] ReceiverPace pace() const override;
  [[nodiscard]] SendVerdict readAnswer(const HttpResponse& response) const override;

 protected:
  [[nodiscard]] std::size_t maxTextBytes() const override;
  [[nodiscard]] std::string heading(const std::string& text) const override;
  [[nodiscard]] std::string line(const MessageLine& line) const override;
  [[nodiscard]] HttpRequest message(const std::string& title, const std::vector<std::string>& lines,
                                    const std::string& footer, long long now_ms) const override;
};

}  // namespace lecter
