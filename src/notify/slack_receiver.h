#pragma once
/// Slack incoming webhook: `text` (what notifications show) plus `blocks` — a header, a mrkdwn
/// section of at most 3,000 characters, a context line. Success is HTTP 200 with the body `ok`; a
/// failure names itself in the body (invalid_payload, channel_not_found, …), 429 carries Retry-After.
/// About one message a second per webhook.

#include "lecter/notify/receiver.h"

namespace lecter {

class SlackReceiver final : public ChatReceiver {
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
