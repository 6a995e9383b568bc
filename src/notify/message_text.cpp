#include "lecter/notify/message_text.h"

#include <algorithm>

#include "lecter/base/utc_time.h"

namespace lecter {
namespace {

constexpr std::string_view kEllipsis = "…";

std::string groupName(const Notification& n) {
  if (n.group.empty()) return "lecter";
  if (n.ns.empty()) return n.group;
  return n.group + " (" + n.ns + "/" + n.name + ")";
}

int eventOrder(AlertEvent event) {
  switch (event) {
    case AlertEvent::ServiceDown:
      return 0;
    case AlertEvent::PartitionGuard:
      return 1;
    case AlertEvent::WritesFailing:
      return 2;
    case AlertEvent::TargetDown:
      return 3;
  }
  return 3;
}

std::vector<Alert> ordered(std::vector<Alert> alerts) {
  std::stable_sort(alerts.begin(), alerts.end(), [](const Alert& a, const Alert& b) {
    if (eventOrder(a.event) != eventOrder(b.event)) return eventOrder(a.event) < eventOrder(b.event);
    return a.target < b.target;
  });
  return alerts;
}

std::string since(const Alert& alert, long long now_ms) {
  return "since " + readableTime(alert.starts_ms) + " (" + readableDuration(now_ms - alert.starts_ms) + ")";
}

MessageLine firingLine(const Alert& alert, long long now_ms) {
  switch (alert.event) {
    case AlertEvent::TargetDown: {
      std::string text = alert.outcome;
      if (!alert.detail.empty()) text += (text.empty() ? "" : ": ") + alert.detail;
      text += (text.empty() ? "" : ", ") + since(alert, now_ms);
      return {"DOWN " + alert.target + " " + alert.address, text};
    }
    case AlertEvent::ServiceDown:
      return {"NO HEALTHY TARGET", alert.detail + ", " + since(alert, now_ms) +
                                       "; the Service has nowhere healthy to send traffic"};
    case AlertEvent::WritesFailing:
      return {"WRITES FAILING", "the ApiServer refuses its Endpoints writes " + since(alert, now_ms) +
                                    (alert.detail.empty() ? "" : ": " + alert.detail)};
    case AlertEvent::PartitionGuard:
      return {"PARTITION GUARD", alert.detail + ", " + since(alert, now_ms)};
  }
  return {};
}

MessageLine resolvedLine(const Alert& alert) {
  const std::string lasted = readableDuration(alert.ends_ms - alert.starts_ms);
  const std::string from = " (from " + readableTime(alert.starts_ms) + ")";
  switch (alert.event) {
    case AlertEvent::TargetDown:
      return {"UP " + alert.target + " " + alert.address, "back after " + lasted + " down" + from};
    case AlertEvent::ServiceDown:
      return {"HEALTHY AGAIN", "a target is healthy again after " + lasted + " with none" + from};
    case AlertEvent::WritesFailing:
      return {"WRITES OK", "the ApiServer takes writes again after " + lasted + from};
    case AlertEvent::PartitionGuard:
      return {"PARTITION GUARD OFF", "writes resume after " + lasted + " held" + from};
  }
  return {};
}

struct Tally {
  std::size_t down = 0;   // targets down
  std::size_t back = 0;   // targets back
  std::size_t other = 0;  // other alerts starting
  std::size_t over = 0;   // other alerts ending
  bool service_down = false;
};

Tally tally(const Notification& n) {
  Tally t;
  for (const Alert& a : n.firing) {
    if (a.event == AlertEvent::TargetDown) ++t.down;
    if (a.event != AlertEvent::TargetDown) ++t.other;
    t.service_down = t.service_down || a.event == AlertEvent::ServiceDown;
  }
  for (const Alert& a : n.resolved) {
    if (a.event == AlertEvent::TargetDown) ++t.back;
    if (a.event != AlertEvent::TargetDown) ++t.over;
  }
  return t;
}

std::string summary(const Tally& t) {
  std::vector<std::string> parts;
  if (t.service_down) parts.emplace_back("NO HEALTHY TARGET");
  if (t.down > 0) parts.push_back(std::to_string(t.down) + " down");
  if (t.back > 0) parts.push_back(std::to_string(t.back) + " back");
  const std::size_t others = t.other - (t.service_down ? 1 : 0);
  if (others > 0) parts.push_back(std::to_string(others) + (others == 1 ? " alert" : " alerts"));
  if (t.over > 0) parts.push_back(std::to_string(t.over) + " resolved");
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : ", ") + part;
  return text.empty() ? "all clear" : text;
}

std::string footer(const MessageContext& context) {
  std::string text = "lecter on " + context.host + " at " + readableTime(context.now_ms);
  if (!context.external_url.empty()) text += " · " + context.external_url;
  return text;
}

}  // namespace

MessageText renderMessage(const std::vector<Notification>& notifications, const MessageContext& context) {
  MessageText message;
  Tally total;
  for (const Notification& n : notifications) {
    const Tally t = tally(n);
    total.down += t.down;
    total.back += t.back;
    total.other += t.other;
    total.over += t.over;
    total.service_down = total.service_down || t.service_down;
    MessageSection section;
    section.heading = groupName(n) + ": " + summary(t);
    for (const Alert& alert : ordered(n.firing)) section.lines.push_back(alertLine(alert, context.now_ms));
    for (const Alert& alert : ordered(n.resolved)) section.lines.push_back(alertLine(alert, context.now_ms));
    message.sections.push_back(std::move(section));
  }
  if (notifications.size() == 1) {
    message.title = "lecter: " + message.sections.front().heading;
  } else {
    message.title = "lecter: " + std::to_string(notifications.size()) + " groups: " + summary(total);
  }
  message.footer = footer(context);
  return message;
}

MessageLine alertLine(const Alert& alert, long long now_ms) {
  return alert.resolved() ? resolvedLine(alert) : firingLine(alert, now_ms);
}

MessageText renderTestMessage(const std::string& receiver, const MessageContext& context) {
  MessageText message;
  message.title = "lecter: test message for receiver " + receiver;
  MessageSection section;
  section.heading = "lecter test message";
  section.lines.push_back(
      {"TEST",
       "receiver " + receiver + " reaches this chat; alerts about targets and services will come here"});
  message.sections.push_back(std::move(section));
  message.footer = footer(context);
  return message;
}

std::string readableDuration(long long ms) {
  if (ms < 0) ms = 0;
  const long long seconds = ms / 1000;
  if (seconds < 60) return std::to_string(seconds) + "s";
  const long long minutes = seconds / 60;
  if (minutes < 60)
    return std::to_string(minutes) + "m" + (seconds % 60 != 0 ? std::to_string(seconds % 60) + "s" : "");
  const long long hours = minutes / 60;
  if (hours < 48)
    return std::to_string(hours) + "h" + (minutes % 60 != 0 ? std::to_string(minutes % 60) + "m" : "");
  return std::to_string(hours / 24) + "d" + (hours % 24 != 0 ? std::to_string(hours % 24) + "h" : "");
}

std::string readableTime(long long unix_ms) {
  std::string text = utcTimestamp(unix_ms);  // 2026-12-02T03:14:07Z
  if (text.size() == 20) {
    text[10] = ' ';
    text.pop_back();
    text += " UTC";
  }
  return text;
}

std::string cutToBytes(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes > kEllipsis.size() ? max_bytes - kEllipsis.size() : 0;
  // Back to the start of a UTF-8 character.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
  std::string out(text.substr(0, cut));
  out += kEllipsis;
  return out;
}

std::vector<std::vector<std::string>> packLines(const std::vector<std::string>& lines,
                                                std::size_t max_bytes) {
  std::vector<std::vector<std::string>> parts;
  std::size_t used = 0;
  for (const std::string& whole : lines) {
    std::string line = cutToBytes(whole, max_bytes);
    const std::size_t needed = line.size() + (used == 0 ? 0 : 1);
    if (parts.empty() || used + needed > max_bytes) {
      parts.emplace_back();
      used = 0;
    }
    used += line.size() + (parts.back().empty() ? 0 : 1);
    parts.back().push_back(std::move(line));
  }
  return parts;
}

}  // namespace lecter
