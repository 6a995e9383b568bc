#pragma once
/// What a message says, before any robot's format: a title, a section per group, a line per alert.
/// Every chat receiver words its messages through this, so they all tell the same facts; each only
/// styles and wraps them.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "lecter/notify/notification.h"

namespace lecter {

/// What every message needs besides its alerts.
struct MessageContext {
  long long now_ms = 0;      // the time the message speaks of ("down for 5m")
  std::string host;          // where lecter runs (the pod's name)
  std::string external_url;  // notify.external_url: lecter's /status as people reach it; may be empty
  long long sent_ms = 0;     // when the request goes out, for signatures; 0: now_ms
  [[nodiscard]] long long sentAt() const { return sent_ms != 0 ? sent_ms : now_ms; }
};

struct MessageLine {
  std::string lead;  // what it is about, shown emphasised: "DOWN node-01 198.18.0.1:6379"
  std::string text;  // the rest: outcome, error, since when, for how long
};

struct MessageSection {
  std::string heading;  // "redis (default/redis-external): 2 down, 1 back"
  std::vector<MessageLine> lines;
};

struct MessageText {
  std::string title;  // short: a robot shows it in the notification itself
  std::vector<MessageSection> sections;
  std::string footer;  // "lecter on HOST at TIME"
};

/// The message telling `notifications` (one group, or several as a digest).
MessageText renderMessage(const std::vector<Notification>& notifications, const MessageContext& context);

/// One alert's line: what started (still firing) or what ended (resolved), as of `now_ms`.
MessageLine alertLine(const Alert& alert, long long now_ms);

/// The message of `lecter notify-test`.
MessageText renderTestMessage(const std::string& receiver, const MessageContext& context);

/// 12m5s, 3h2m, 2d4h: a duration as people read it.
std::string readableDuration(long long ms);

/// "2026-12-02 03:14:07 UTC".
std::string readableTime(long long unix_ms);

/// `text` when it holds at most `max_bytes`; else as much of it as fits with "…" after it, cut at
/// a UTF-8 character boundary.
std::string cutToBytes(std::string_view text, std::size_t max_bytes);

/// `lines` in parts of at most `max_bytes` each (counting a '\n' between lines), in order; a line too
/// long for a part of its own is cut at a character boundary and ends in "…".
std::vector<std::vector<std::string>> packLines(const std::vector<std::string>& lines, std::size_t max_bytes);

}  // namespace lecter
