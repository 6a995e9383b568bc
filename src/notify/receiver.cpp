#include "lecter/notify/receiver.h"

#include "lecter/kube/retry_after.h"

namespace lecter {

SendVerdict Receiver::readAnswer(const HttpResponse& response) const { return httpVerdict(response); }

SendVerdict httpVerdict(const HttpResponse& response) {
  SendVerdict verdict;
  if (response.transportFailed()) {
    verdict.detail = response.error;
    return verdict;
  }
  verdict.delivered = response.status >= 200 && response.status < 300;
  verdict.detail = "HTTP " + std::to_string(response.status);
  if (const auto wait = retryAfterOf(response)) verdict.retry_after = *wait;
  return verdict;
}

HttpRequest Receiver::jsonPost(std::string url, const nlohmann::json& body) {
  HttpRequest request;
  request.method = "POST";
  request.path = std::move(url);
  request.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  request.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  request.timeout = std::chrono::seconds(10);
  return request;
}

std::vector<HttpRequest> ChatReceiver::requests(const std::vector<Notification>& notifications,
                                                const MessageContext& context) const {
  return parts(renderMessage(notifications, context), context.sentAt());
}

HttpRequest ChatReceiver::testRequest(const MessageContext& context) const {
  return parts(renderTestMessage(config().name, context), context.sentAt()).front();
}

std::vector<HttpRequest> ChatReceiver::parts(const MessageText& text, long long now_ms) const {
  std::vector<std::string> lines;
  for (const MessageSection& section : text.sections) {
    lines.push_back(heading(section.heading));
    for (const MessageLine& item : section.lines) lines.push_back(line(item));
  }
  // Room for the footer, its markup and the "(2/3)" of a long message.
  const std::size_t reserved = text.footer.size() + 128;
  const std::size_t room = maxTextBytes() > 2 * reserved ? maxTextBytes() - reserved : maxTextBytes() / 2;
  std::vector<std::vector<std::string>> packed = packLines(lines, room);
  std::vector<HttpRequest> requests;
  for (std::size_t i = 0; i < packed.size(); ++i) {
    std::string title = text.title;
    if (packed.size() > 1) title += " (" + std::to_string(i + 1) + "/" + std::to_string(packed.size()) + ")";
    requests.push_back(message(title, packed[i], text.footer, now_ms));
  }
  return requests;
}

}  // namespace lecter
