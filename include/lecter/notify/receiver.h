#pragma once
/// A receiver's protocol: how a message is written for it, how fast it may be sent to, and how its
/// answer reads. The policy around it — grouping, rate limit, retries, digests — is written once,
/// in the Notifier; each robot's own format is a file of its own (dingtalk_receiver.cpp, …).

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lecter/config/config.h"
#include "lecter/kube/http_client.h"
#include "lecter/notify/message_text.h"
#include "lecter/notify/notification.h"

namespace lecter {

/// A token bucket's rate and burst, chosen so that no window of the robot's documented limit can
/// hold more than the limit: `burst + per_second * window` stays within it.
struct ReceiverPace {
  double per_second = 1.0;
  int burst = 1;
};

/// What a receiver's answer says.
struct SendVerdict {
  bool delivered = false;
  std::string detail;  // "HTTP 200, errcode 0" or why it failed, for logs and notify-test (no secret)
  /// The server asked to wait this long before the next try (Retry-After); 0: not asked.
  std::chrono::milliseconds retry_after{0};
};

/// What the HTTP exchange alone says: no answer (`detail` the transport's error), else "HTTP N",
/// delivered for a 2xx, and the Retry-After of a 429 or 503. Each receiver reads its body on top.
SendVerdict httpVerdict(const HttpResponse& response);

class Receiver {
 public:
  explicit Receiver(ReceiverConfig config) : config_(std::move(config)) {}
  virtual ~Receiver() = default;
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;

  [[nodiscard]] const ReceiverConfig& config() const { return config_; }
  [[nodiscard]] virtual ReceiverPace pace() const = 0;
  /// The requests that tell `notifications`, in order: one message each, so each takes a token. A
  /// chat robot gets one message (a digest for several groups) unless it is too long for one.
  [[nodiscard]] virtual std::vector<HttpRequest> requests(const std::vector<Notification>& notifications,
                                                          const MessageContext& context) const = 0;
  /// One test message (lecter notify-test).
  [[nodiscard]] virtual HttpRequest testRequest(const MessageContext& context) const = 0;
  /// Whether `response` says the message arrived. This one: any 2xx.
  [[nodiscard]] virtual SendVerdict readAnswer(const HttpResponse& response) const;

 protected:
  /// A JSON POST of `body` to `url` (the full URL: the notifier's client has no base). Text that is
  /// not UTF-8 (an error a server sent) is replaced, not thrown at.
  [[nodiscard]] static HttpRequest jsonPost(std::string url, const nlohmann::json& body);

 private:
  ReceiverConfig config_;
};

/// A chat robot: messages are a title and lines of text, in the robot's own markup, cut into parts
/// that fit its size limit.
class ChatReceiver : public Receiver {
 public:
  using Receiver::Receiver;
  [[nodiscard]] std::vector<HttpRequest> requests(const std::vector<Notification>& notifications,
                                                  const MessageContext& context) const override;
  [[nodiscard]] HttpRequest testRequest(const MessageContext& context) const override;

 protected:
  /// The most a message's text may hold, in bytes.
  [[nodiscard]] virtual std::size_t maxTextBytes() const = 0;
  [[nodiscard]] virtual std::string heading(const std::string& text) const = 0;
  [[nodiscard]] virtual std::string line(const MessageLine& line) const = 0;
  /// The request for one message: `title`, its text `lines` and the `footer` line (who sent it, when),
  /// sent at `now_ms` (signatures).
  [[nodiscard]] virtual HttpRequest message(const std::string& title, const std::vector<std::string>& lines,
                                            const std::string& footer, long long now_ms) const = 0;

 private:
  [[nodiscard]] std::vector<HttpRequest> parts(const MessageText& text, long long now_ms) const;
};

/// The receiver `config` describes.
std::unique_ptr<Receiver> makeReceiver(const ReceiverConfig& config);

}  // namespace lecter
